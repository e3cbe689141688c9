// Regenerates public/vendor/echarts.min.js: a custom build of ECharts (npm `echarts`, the
// version in package.json) with only what the app draws, bundled and minified by esbuild
// (npm), exposed as the global `echarts` that charming and src/app/charts/echarts.rs call.
//
//   node scripts/build-echarts.mjs            # writes the file (commit it)
//   node scripts/build-echarts.mjs --check    # exits 1 when the committed file is stale
//
// In it: bar, line and heatmap series (every chart in src/app/charts), grid, tooltip (with
// its axis pointer), legend, the continuous visual map (the cohort heatmap), the canvas
// renderer (the dashboard) and the SVG renderer (the SVG download, rendered server-side
// style by `renderToSVGString`). A chart that needs more must add it here.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const OUT = join(ROOT, 'public', 'vendor', 'echarts.min.js');
const version = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'echarts', 'package.json'), 'utf8')).version;

const entry = `
import * as echarts from 'echarts/core';
import { BarChart, LineChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent,
  VisualMapContinuousComponent, CanvasRenderer, SVGRenderer]);
globalThis.echarts = echarts;
`;

const result = await build({
  stdin: { contents: entry, resolveDir: ROOT, loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});
const banner = `/* Apache ECharts ${version} (Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0), custom build by scripts/build-echarts.mjs: bar, line, heatmap; grid, tooltip, legend, visualMap (continuous); canvas and SVG renderers. */\n`;
const text = banner + result.outputFiles[0].text;
if (process.argv.includes('--check')) {
  const now = readFileSync(OUT, 'utf8');
  if (now !== text) {
    console.error(`${OUT} is not what scripts/build-echarts.mjs makes: run it and commit the file`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
}
const { gzipSync } = await import('node:zlib');
console.log(`echarts ${version}: ${(text.length / 1000).toFixed(1)} KB, ${(gzipSync(text, { level: 9 }).length / 1000).toFixed(1)} KB gzip`);
