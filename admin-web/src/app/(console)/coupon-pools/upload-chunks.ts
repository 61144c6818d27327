/** One part of an upload and the line of the whole text it starts at (1-based). */
export interface UploadChunk {
  text: string;
  firstLine: number;
}

/** Lines that hold something (what the gateway counts as codes, header included). */
export function countContentLines(text: string): number {
  let count = 0;
  for (const line of text.split(/\r\n|\n|\r/)) if (line.trim()) count += 1;
  return count;
}

/**
 * Splits a pasted or read code list into parts of at most `maxChars` characters at line breaks,
 * so each request stays under the gateway's body limit (LIMIT_MAX_BODY_BYTES, 1 MB by default),
 * even with multi-byte characters. Line numbers of refused codes are per part; `firstLine` maps
 * them back to the whole text.
 */
export function splitUpload(text: string, maxChars = 250_000): UploadChunk[] {
  const lines = text.split(/\r\n|\n|\r/);
  const chunks: UploadChunk[] = [];
  let current: string[] = [];
  let size = 0;
  let firstLine = 1;
  lines.forEach((line, index) => {
    if (current.length > 0 && size + line.length + 1 > maxChars) {
      chunks.push({ text: current.join('\n'), firstLine });
      current = [];
      size = 0;
      firstLine = index + 1;
    }
    current.push(line);
    size += line.length + 1;
  });
  if (current.length > 0) chunks.push({ text: current.join('\n'), firstLine });
  return chunks.filter((c) => c.text.trim() !== '');
}
