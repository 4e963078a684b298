// Drawing Chart.js does not do by itself, as one plugin written once in plain JavaScript (OVERLAY_SCRIPT)
// so that the Node renderer (PNG/SVG/PDF) and the HTML page run the same code: the page background as a
// shape (never cairo's destination-over compositing, which rasterises SVG/PDF), hatching as vector
// strokes, interval whiskers, value labels ("0.67×"), a reference line (ratio = 1) and a log axis's tick
// values. It reads plain JSON fields of the config: dataset.addersimHatch / addersimIntervals /
// addersimLabels, options.plugins.addersimOverlay = { background, refLine: { value, label } } and
// options.scales.<id>.addersimTicks.

export const OVERLAY_SCRIPT = `({
  id: 'addersimOverlay',
  afterBuildTicks: function (chart, args) {
    // a scale's own tick values (options.scales.<id>.addersimTicks: the 1-2-5 ticks of a log axis)
    var want = args.scale.options && args.scale.options.addersimTicks;
    if (want && want.length) args.scale.ticks = want.map(function (v) { return { value: v }; });
  },
  beforeDraw: function (chart) {
    var o = (chart.options.plugins && chart.options.plugins.addersimOverlay) || {};
    if (!o.background) return;
    var ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = o.background;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
  afterDatasetsDraw: function (chart) {
    var o = (chart.options.plugins && chart.options.plugins.addersimOverlay) || {};
    var ctx = chart.ctx;
    var horizontal = chart.options.indexAxis === 'y';
    var area = chart.chartArea;
    var scale = o.scale || 1;
    chart.data.datasets.forEach(function (ds, di) {
      var meta = chart.getDatasetMeta(di);
      if (meta.hidden || !meta.data) return;
      var valueScale = chart.scales[horizontal ? meta.xAxisID : meta.yAxisID];
      meta.data.forEach(function (el, i) {
        if (!el || el.skip) return;
        var p = el.getProps(['x', 'y', 'base', 'width', 'height'], true);
        // hatching over the bar, clipped to it
        if (ds.addersimHatch && typeof ds.backgroundColor === 'string' && p.base !== undefined && ds.data[i] !== null) {
          var x0 = horizontal ? Math.min(p.base, p.x) : p.x - p.width / 2;
          var x1 = horizontal ? Math.max(p.base, p.x) : p.x + p.width / 2;
          var y0 = horizontal ? p.y - p.height / 2 : Math.min(p.base, p.y);
          var y1 = horizontal ? p.y + p.height / 2 : Math.max(p.base, p.y);
          var step = 4 * scale;
          ctx.save();
          ctx.beginPath(); ctx.rect(x0, y0, x1 - x0, y1 - y0); ctx.clip();
          ctx.strokeStyle = '#ffffff'; ctx.fillStyle = '#ffffff'; ctx.lineWidth = 0.6 * scale;
          ctx.beginPath();
          if (ds.addersimHatch === 'diagonal') {
            for (var d = x0 - (y1 - y0); d < x1; d += step) { ctx.moveTo(d, y1); ctx.lineTo(d + (y1 - y0), y0); }
            ctx.stroke();
          } else if (ds.addersimHatch === 'cross') {
            for (var cx = x0 + step / 2; cx < x1; cx += step) { ctx.moveTo(cx, y0); ctx.lineTo(cx, y1); }
            for (var cy = y0 + step / 2; cy < y1; cy += step) { ctx.moveTo(x0, cy); ctx.lineTo(x1, cy); }
            ctx.stroke();
          } else if (ds.addersimHatch === 'horizontal') {
            for (var hy = y0 + step / 2; hy < y1; hy += step) { ctx.moveTo(x0, hy); ctx.lineTo(x1, hy); }
            ctx.stroke();
          } else if (ds.addersimHatch === 'dots') {
            for (var dx = x0 + step / 2; dx < x1; dx += step) {
              for (var dy = y0 + step / 2; dy < y1; dy += step) { ctx.moveTo(dx + 0.8 * scale, dy); ctx.arc(dx, dy, 0.8 * scale, 0, 2 * Math.PI); }
            }
            ctx.fill();
          }
          ctx.restore();
        }
        var iv = ds.addersimIntervals && ds.addersimIntervals[i];
        var top = horizontal ? p.x : p.y;
        if (iv && valueScale) {
          var a = valueScale.getPixelForValue(iv[0]);
          var b = valueScale.getPixelForValue(iv[1]);
          var thick = horizontal ? p.height : p.width;
          var cap = thick ? Math.min(3 * scale, thick / 3) : 3 * scale; // points (line charts) have no width
          ctx.save();
          ctx.strokeStyle = '#000000'; ctx.lineWidth = 0.75 * scale;
          ctx.beginPath();
          if (horizontal) {
            ctx.moveTo(a, p.y); ctx.lineTo(b, p.y);
            ctx.moveTo(a, p.y - cap); ctx.lineTo(a, p.y + cap); ctx.moveTo(b, p.y - cap); ctx.lineTo(b, p.y + cap);
            top = Math.max(a, b, top);
          } else {
            ctx.moveTo(p.x, a); ctx.lineTo(p.x, b);
            ctx.moveTo(p.x - cap, a); ctx.lineTo(p.x + cap, a); ctx.moveTo(p.x - cap, b); ctx.lineTo(p.x + cap, b);
            top = Math.min(a, b, top);
          }
          ctx.stroke();
          ctx.restore();
        }
        var text = ds.addersimLabels && ds.addersimLabels[i];
        if (text) {
          var font = o.labelFont || { family: 'serif', size: 7 };
          ctx.save();
          ctx.fillStyle = '#000000';
          ctx.font = font.size + 'px ' + font.family;
          var fl = ds.data[i];
          if (horizontal && Array.isArray(fl) && fl[1] < fl[0] && valueScale) {
            // a floating bar [start, end] that ends left of its start (a tornado's side below the nominal):
            // the label left of its end (Chart.js keeps only min/max pixels, so the end comes from the data)
            ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
            ctx.fillText(text, valueScale.getPixelForValue(fl[1]) - 2 * scale, p.y);
          } else if (horizontal) {
            ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
            ctx.fillText(text, top + 2 * scale, p.y);
          } else {
            ctx.textAlign = 'center'; ctx.textBaseline = 'bottom';
            ctx.fillText(text, p.x, top - 1.5 * scale);
          }
          ctx.restore();
        }
      });
    });
    var ref = o.refLine;
    if (ref && area) {
      var vs = chart.scales[horizontal ? 'x' : 'y'];
      var v = vs.getPixelForValue(ref.value);
      ctx.save();
      ctx.strokeStyle = '#000000'; ctx.lineWidth = 0.75 * scale;
      if (ctx.setLineDash) ctx.setLineDash([4 * scale, 2 * scale]);
      ctx.beginPath();
      if (horizontal) { ctx.moveTo(v, area.top); ctx.lineTo(v, area.bottom); } else { ctx.moveTo(area.left, v); ctx.lineTo(area.right, v); }
      ctx.stroke();
      if (ref.label) {
        var lf = o.labelFont || { family: 'serif', size: 7 };
        if (ctx.setLineDash) ctx.setLineDash([]);
        ctx.fillStyle = '#000000'; ctx.font = lf.size + 'px ' + lf.family;
        ctx.textBaseline = 'bottom';
        // on a horizontal chart the label sits right of the line, or left of it near the right edge
        var leftOf = horizontal && v > area.left + 0.75 * (area.right - area.left);
        ctx.textAlign = leftOf ? 'right' : 'left';
        if (horizontal) ctx.fillText(ref.label, leftOf ? v - 2 * scale : v + 2 * scale, area.top + lf.size + 2 * scale); else ctx.fillText(ref.label, area.left + 2 * scale, v - 1.5 * scale);
      }
      ctx.restore();
    }
  },
})`;

/** The overlay plugin object for the Node renderer: evaluated from the same text the page carries. */
export function overlayPlugin(): Record<string, unknown> {
  // biome-ignore lint/security/noGlobalEval: a constant of this module, not input
  return new Function(`return ${OVERLAY_SCRIPT};`)() as Record<string, unknown>;
}
