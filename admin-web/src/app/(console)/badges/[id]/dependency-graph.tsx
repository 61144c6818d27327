'use client';

import { theme } from 'antd';
import Link from 'next/link';
import { localized, type LocalizedText } from '../../../../ui/localized';
import { useI18n } from '../../../../i18n/client';

interface Node {
  id: string;
  code: string;
  name: LocalizedText;
}

const NODE_W = 180;
const NODE_H = 40;
const GAP_Y = 16;
const COLUMN_X = [0, 300, 600];

/**
 * Prerequisites (left, grouped; AND/OR on the edge), the badge (middle) and the badges that
 * depend on it (right), as an SVG with links to each badge.
 */
export function DependencyGraph({
  badge,
  groups,
  dependents,
}: {
  badge: Node;
  groups: {
    id: string;
    operator: 'AND' | 'OR';
    items: { requiredBadge: Node; requiredQuantity: number }[];
  }[];
  dependents: Node[];
}) {
  const { locale } = useI18n();
  const { token } = theme.useToken();
  const left = groups.flatMap((g, gi) =>
    g.items.map((item) => ({ ...item, operator: g.operator, group: gi })),
  );
  const rows = Math.max(left.length, dependents.length, 1);
  const height = rows * (NODE_H + GAP_Y) + GAP_Y;
  const y = (i: number, count: number) =>
    (height - count * (NODE_H + GAP_Y) + GAP_Y) / 2 + i * (NODE_H + GAP_Y);
  const centerY = y(0, 1);

  const box = (node: Node, x: number, top: number, highlight = false, label?: string) => (
    <g key={`${x}-${node.id}-${top}`} data-testid={`graph-node-${node.code}`}>
      <rect
        x={x}
        y={top}
        width={NODE_W}
        height={NODE_H}
        rx={6}
        fill={highlight ? token.colorPrimary : token.colorBgContainer}
        stroke={highlight ? token.colorPrimary : token.colorBorder}
      />
      <Link href={`/badges/${node.id}`}>
        <text
          x={x + NODE_W / 2}
          y={top + NODE_H / 2 + 5}
          textAnchor="middle"
          fontSize={13}
          fill={highlight ? '#fff' : token.colorText}
        >
          {localized(node.name, locale).slice(0, 22)}
          {label ? ` ×${label}` : ''}
        </text>
      </Link>
    </g>
  );

  return (
    <svg
      role="img"
      aria-label="dependency graph"
      data-testid="dependency-graph"
      viewBox={`-10 0 ${COLUMN_X[2]! + NODE_W + 20} ${height}`}
      style={{ width: '100%', maxWidth: 820, height: Math.max(height, 80) }}
    >
      {left.map((item, i) => {
        const top = y(i, left.length);
        return (
          <g key={`edge-l-${i}`}>
            <line
              x1={COLUMN_X[0]! + NODE_W}
              y1={top + NODE_H / 2}
              x2={COLUMN_X[1]}
              y2={centerY + NODE_H / 2}
              stroke={token.colorTextTertiary}
              markerEnd="url(#arrow)"
            />
            <text
              x={(COLUMN_X[0]! + NODE_W + COLUMN_X[1]!) / 2}
              y={(top + centerY + NODE_H) / 2 - 4}
              fontSize={11}
              fill={token.colorTextSecondary}
              textAnchor="middle"
            >
              {`G${item.group + 1} ${item.operator}`}
            </text>
          </g>
        );
      })}
      {dependents.map((d, i) => (
        <line
          key={`edge-r-${d.id}`}
          x1={COLUMN_X[1]! + NODE_W}
          y1={centerY + NODE_H / 2}
          x2={COLUMN_X[2]}
          y2={y(i, dependents.length) + NODE_H / 2}
          stroke={token.colorTextTertiary}
          markerEnd="url(#arrow)"
        />
      ))}
      <defs>
        <marker id="arrow" markerWidth="8" markerHeight="8" refX="8" refY="4" orient="auto">
          <path d="M0,0 L8,4 L0,8 z" fill={token.colorTextTertiary} />
        </marker>
      </defs>
      {left.map((item, i) =>
        box(
          item.requiredBadge,
          COLUMN_X[0]!,
          y(i, left.length),
          false,
          item.requiredQuantity > 1 ? String(item.requiredQuantity) : undefined,
        ),
      )}
      {box(badge, COLUMN_X[1]!, centerY, true)}
      {dependents.map((d, i) => box(d, COLUMN_X[2]!, y(i, dependents.length)))}
    </svg>
  );
}
