// ECharts, only the parts the dashboard draws (line and bar on a grid, as SVG), so the bundle stays small.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export function draw(el, option) {
  const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(Object.assign({ grid: { left: 40, right: 10, top: 10, bottom: 30 }, tooltip: { trigger: 'axis' } }, option), true);
  return chart;
}

export const dispose = (el) => el && echarts.getInstanceByDom(el) && echarts.dispose(el);
