// Public surface of the reports layer: report data and its schema, formatting, renderers, charts, writer.
export * from './report.ts';
export * from './format.ts';
export { renderText, renderTableText, TEXT_WIDTH } from './render-text.ts';
export { renderMarkdown, renderTableMarkdown } from './render-markdown.ts';
export { renderTableCsv } from './render-csv.ts';
export { renderJson } from './render-json.ts';
export { renderLatex, renderTableLatex, renderTableSnippet, texEscape, texInline, COLUMN_WIDTH_PT } from './render-latex.ts';
export { renderHtml } from './render-html.ts';
export { chartConfig } from './charts/config.ts';
export { renderChart, CHART_FORMATS, type ChartFormat } from './charts/render.ts';
export { FIGURE_WIDTHS, FONT_THEMES, OKABE_ITO, SERIES_COLOURS, THEME, type FigureWidth, type FontTheme } from './charts/theme.ts';
export { writeReport, plannedFiles, REPORT_FORMATS, type ReportFormat } from './write.ts';
export { assumptionsSection, buildStudyReport, claimsSection, headlineScheduler, studyManifest, type StudyReportOptions } from './study-report.ts';
