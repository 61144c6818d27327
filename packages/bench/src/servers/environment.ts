/** Configuration of the baseline gateway processes, passed by the benchmark runner. */
export function benchEnv() {
  const port = Number(process.env.PORT);
  const supergraphPath = process.env.SUPERGRAPH_PATH;
  if (!port || !supergraphPath) throw new Error('PORT and SUPERGRAPH_PATH are required');
  const subgraphUrls: Record<string, string> = {};
  for (const name of ['badge', 'rule', 'benefit', 'user']) {
    const url = process.env[`SUBGRAPH_${name.toUpperCase()}_URL`];
    if (!url) throw new Error(`SUBGRAPH_${name.toUpperCase()}_URL is required`);
    subgraphUrls[name] = url;
  }
  return { port, supergraphPath, subgraphUrls };
}
