/**
 * A report chart drawn on the server as SVG: grouped bars on a value axis,
 * titled and described for screen readers, each bar with its own value as a
 * tooltip, and a legend in HTML under it. Readable with JavaScript off.
 */
import type { BarChart } from "../../lib/reports/charts.ts";

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 8;
const TOP = 12;
const BOTTOM = 34;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

export function BarChartSvg({ chart }: { chart: BarChart }) {
  const titleId = `chart-${chart.id}-title`;
  const descId = `chart-${chart.id}-desc`;
  const groupWidth = chart.groups.length ? (WIDTH - LEFT * 2) / chart.groups.length : 0;
  const barWidth = Math.min(48, (groupWidth * 0.7) / Math.max(1, chart.series.length));
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / chart.max) * PLOT_HEIGHT;
  return (
    <figure data-chart={chart.id} class="min-w-0">
      <figcaption class="mb-2 text-sm font-semibold text-slate-900">{chart.title}</figcaption>
      {chart.empty
        ? (
          <p class="rounded-lg bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">
            {chart.empty}
          </p>
        )
        : (
          <>
            <svg
              viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
              role="img"
              aria-labelledby={`${titleId} ${descId}`}
              class="h-auto w-full"
            >
              <title id={titleId}>{chart.title}</title>
              <desc id={descId}>{chart.description}</desc>
              {[0.5, 1].map((f) => (
                <line
                  key={f}
                  x1={LEFT}
                  x2={WIDTH - LEFT}
                  y1={y(chart.max * f)}
                  y2={y(chart.max * f)}
                  stroke="#e2e8f0"
                  stroke-dasharray="4 4"
                />
              ))}
              <line
                x1={LEFT}
                x2={WIDTH - LEFT}
                y1={y(0)}
                y2={y(0)}
                stroke="#94a3b8"
              />
              {chart.groups.map((group, g) => {
                const start = LEFT + g * groupWidth +
                  (groupWidth - barWidth * chart.series.length) / 2;
                return (
                  <g key={group.label}>
                    {group.values.map((v, s) => (
                      <rect
                        key={s}
                        x={start + s * barWidth}
                        y={y(v.value)}
                        width={barWidth - 3}
                        height={Math.max(0, y(0) - y(v.value))}
                        rx={3}
                        fill={chart.series[s].color}
                      >
                        <title>{`${group.label} · ${chart.series[s].label}: ${v.display}`}</title>
                      </rect>
                    ))}
                    <text
                      x={LEFT + g * groupWidth + groupWidth / 2}
                      y={HEIGHT - 12}
                      text-anchor="middle"
                      font-size="13"
                      fill="#475569"
                    >
                      {group.label}
                    </text>
                  </g>
                );
              })}
            </svg>
            <ul class="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
              {chart.series.map((s) => (
                <li key={s.key} class="flex items-center gap-1.5">
                  <span
                    class="inline-block h-2.5 w-2.5 rounded-sm"
                    style={{ backgroundColor: s.color }}
                    aria-hidden="true"
                  />
                  {s.label}
                </li>
              ))}
            </ul>
          </>
        )}
    </figure>
  );
}
