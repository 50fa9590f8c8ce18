/* openai-ft: the report's figures drawn with uPlot from the data in #figure-data. Without scripts (or
   when printing) the PNG figures stay. Every figure of the page is handled the same way, from its
   traces: lines, points, bands, checkpoints. */
(function () {
  "use strict";
  var holder = document.getElementById("figure-data");
  if (!holder || typeof uPlot !== "function") {
    return;
  }
  var spec = JSON.parse(holder.textContent);
  var api = { charts: {}, weight: spec.weight, smoothing: spec.weight, scriptStartMs: performance.now(), firstDrawnMs: null,
    allDrawnMs: null, reduced: false };
  window.openaiFt = api;

  /* TensorBoard's debiased EMA, as the report computes it (Smoothing.ema), over runs of n[i] points of
     mean m[i]: with every n[i] = 1 it is the exact formula; otherwise a run counts as n[i] copies of
     its mean. A series whose values are all equal is returned unchanged. */
  function ema(n, m, w) {
    var out = new Array(m.length);
    var constant = true;
    var first = null;
    var i;
    for (i = 0; i < m.length; i++) {
      if (m[i] === null) { continue; }
      if (first === null) { first = m[i]; } else if (m[i] !== first) { constant = false; break; }
    }
    var last = 0;
    var debias = 1;
    for (i = 0; i < m.length; i++) {
      var y = m[i];
      if (y === null) { out[i] = null; continue; }
      if (constant) { out[i] = y; continue; }
      var p = n[i] === 1 ? w : Math.pow(w, n[i]);
      last = last * p + (1 - p) * y;
      debias *= p;
      /* once 1 - debias is exactly 1 it stays so: 0 gives the same bits and keeps the product out of
         the slow subnormal range, where it would otherwise stick (Smoothing.nextDebias) */
      if (1 - debias === 1) { debias = 0; }
      out[i] = last / (1 - debias);
    }
    return out;
  }
  api.ema = ema;

  function rgba(hex, alpha) {
    var h = /^#([0-9a-f]{6})$/i.exec(hex || "");
    if (!h) { return hex || "#444"; }
    var v = parseInt(h[1], 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }

  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) { return "–"; }
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-4 || a >= 1e6)) { return v.toExponential(4); }
    return String(parseFloat(v.toPrecision(6)));
  }

  /* Axis tick labels: uPlot's own, unless they read the same for different ticks or 0 for a tick that
     is not (uPlot keeps 3 decimals: a learning rate of 2e-5 reads 0); then in scientific form, with the
     fewest digits that write every tick as it is (1.75e-5, not 1.7e-5). */
  function sci(v, digits) {
    return v.toExponential(digits).replace(/\.?0+e/, "e").replace("e+", "e");
  }
  function distinct(labels) {
    return new Set(labels).size === labels.length;
  }
  function ticks(u, splits) {
    var plain = splits.map(function (v) { return v === null ? "" : uPlot.fmtNum(v); });
    var zeroed = splits.some(function (v, i) { return v !== null && v !== 0 && /^[-\u2212]?0$/.test(plain[i]); });
    if (distinct(plain) && !zeroed) {
      return plain;
    }
    var labels = plain;
    for (var digits = 0; digits <= 6; digits++) {
      labels = splits.map(function (v) { return v === null ? "" : v === 0 ? "0" : sci(v, digits); });
      var exact = splits.every(function (v, i) {
        return v === null || Math.abs(parseFloat(labels[i]) - v) <= 1e-9 * Math.abs(v);
      });
      if (exact && distinct(labels)) { break; }
    }
    return labels;
  }
  api.ticks = ticks;

  /* Point markers drawn as the PNG and the notebook draw them: "diamond" or "square" (uPlot draws
     circles). The same shape is named in the figure's caption; the size is uPlot's points.size. */
  function shaped(marker) {
    return function (u, si, i0, i1) {
      var s = u.series[si];
      var r = s.points.size / 2 * uPlot.pxRatio;
      var path = new Path2D();
      var xs = u.data[0];
      var ys = u.data[si];
      for (var i = i0; i <= i1; i++) {
        if (ys[i] === null || ys[i] === undefined) { continue; }
        var x = u.valToPos(xs[i], "x", true);
        var y = u.valToPos(ys[i], s.scale, true);
        if (marker === "diamond") {
          path.moveTo(x, y - r);
          path.lineTo(x + r, y);
          path.lineTo(x, y + r);
          path.lineTo(x - r, y);
          path.closePath();
        } else {
          var h = r * 0.8;
          path.rect(x - h, y - h, 2 * h, 2 * h);
        }
      }
      return { stroke: path, fill: path };
    };
  }

  /* The sorted union of every trace's x, and where each trace's points land in it. */
  function align(traces) {
    var all = [];
    traces.forEach(function (t) { for (var i = 0; i < t.x.length; i++) { all.push(t.x[i]); } });
    all.sort(function (a, b) { return a - b; });
    var xs = [];
    for (var i = 0; i < all.length; i++) {
      if (i === 0 || all[i] !== all[i - 1]) { xs.push(all[i]); }
    }
    var at = traces.map(function (t) {
      var pos = new Array(t.x.length);
      var j = 0;
      for (var k = 0; k < t.x.length; k++) {
        while (xs[j] < t.x[k]) { j++; }
        pos[k] = j;
      }
      return pos;
    });
    return { xs: xs, at: at };
  }

  function column(length, pos, values, positiveOnly) {
    var col = new Array(length).fill(null);
    for (var k = 0; k < pos.length; k++) {
      var v = values[k];
      col[pos[k]] = v === null || (positiveOnly && !(v > 0)) ? null : v;
    }
    return col;
  }

  /* The value of a series at a data index, or the nearest one it has (series are on different steps). */
  function nearest(data, idx) {
    if (idx === null || idx === undefined) { return null; }
    if (data[idx] !== null && data[idx] !== undefined) { return data[idx]; }
    for (var d = 1; d < data.length; d++) {
      var lo = idx - d;
      var hi = idx + d;
      if (lo < 0 && hi >= data.length) { break; }
      if (lo >= 0 && data[lo] !== null && data[lo] !== undefined) { return data[lo]; }
      if (hi < data.length && data[hi] !== null && data[hi] !== undefined) { return data[hi]; }
    }
    return null;
  }

  function percentile(sorted, q) {
    if (sorted.length === 0) { return null; }
    var pos = (sorted.length - 1) * q;
    var lo = Math.floor(pos);
    var hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  function Chart(figure, container) {
    this.figure = figure;
    this.container = container;
    this.log = false;
    this.outliers = false;
    this.hidden = {};
    this.u = null;
    this.traces = figure.traces;
    this.traces.forEach(function (t) {
      if (t.n) {
        t.smoothedAt = spec.weight;
        t.drawn = t.y.slice();
        if (t.reduced) { api.reduced = true; }
      }
    });
    this.aligned = align(this.traces);
  }

  /* uPlot data and series from the traces, in the chart's current state. */
  Chart.prototype.build = function () {
    var self = this;
    var len = this.aligned.xs.length;
    var data = [this.aligned.xs];
    var series = [{ label: this.figure.xLabel || "step", value: function (u, v) { return v === null ? "–" : fmt(v); } }];
    var bands = [];
    this.slots = [];
    this.traces.forEach(function (t, ti) {
      var pos = self.aligned.at[ti];
      var values = t.n ? t.drawn : t.y;
      var base = { label: t.label, stroke: t.color, width: 1, spanGaps: true, points: { show: false },
        value: function (u, v, sidx, idx) { return fmt(v === null ? nearest(u.data[sidx], idx) : v); } };
      if (t.style === "BAND") {
        var lo = Object.assign({}, base, { label: t.label + " (−1 std)", stroke: rgba(t.color, 0.35) });
        var hi = Object.assign({}, base, { label: t.label + " (+1 std)", stroke: rgba(t.color, 0.35) });
        data.push(column(len, pos, t.y, self.log));
        series.push(lo);
        data.push(column(len, pos, t.upper, self.log));
        series.push(hi);
        bands.push({ series: [series.length - 1, series.length - 2], fill: rgba(t.color, 0.14) });
        self.slots.push([series.length - 2, series.length - 1]);
        return;
      }
      var s = base;
      switch (t.style) {
        case "RAW_LINE": s.stroke = rgba(t.color, 0.35); break;
        case "SMOOTH_LINE": s.width = 2; break;
        case "RAW_POINTS":
          s.paths = function () { return null; };
          s.stroke = rgba(t.color, 0.55);
          s.points = { show: true, size: 4, width: 0, fill: rgba(t.color, 0.55), stroke: rgba(t.color, 0.55) };
          break;
        case "MARKERS": s.width = 1; s.points = { show: true, size: 8, fill: t.color, stroke: "#fff" }; break;
        case "CHECKPOINTS":
          s.paths = function () { return null; };
          s.points = { show: true, size: 13, width: 2, fill: "#fff", stroke: t.color };
          break;
        case "HIGHLIGHT":
          s.paths = function () { return null; };
          s.points = { show: true, size: 15, width: 2, fill: t.color, stroke: "#000" };
          break;
        case "LINE": s.width = 2; break;
        default: s.width = 1.5;
      }
      if (t.marker && t.marker !== "circle" && s.points.show) {
        s.points.marker = t.marker;
        s.points.paths = shaped(t.marker);
      }
      data.push(column(len, pos, values, self.log));
      series.push(s);
      self.slots.push([series.length - 1]);
    });
    for (var i = 1; i < series.length; i++) {
      if (this.hidden[series[i].label]) { series[i].show = false; }
    }
    return { data: data, series: series, bands: bands };
  };

  Chart.prototype.yRange = function (u, min, max) {
    if (this.outliers) {
      var values = [];
      for (var s = 1; s < u.series.length; s++) {
        if (!u.series[s].show) { continue; }
        var col = u.data[s];
        for (var i = 0; i < col.length; i++) {
          if (col[i] !== null && isFinite(col[i])) { values.push(col[i]); }
        }
      }
      values.sort(function (a, b) { return a - b; });
      var p5 = percentile(values, 0.05);
      var p95 = percentile(values, 0.95);
      if (p5 !== null && p95 > p5) {
        if (this.log) { return [p5 / Math.pow(p95 / p5, 0.1), p95 * Math.pow(p95 / p5, 0.1)]; }
        var pad = (p95 - p5) * 0.1;
        return [p5 - pad, p95 + pad];
      }
    }
    if (min === null || max === null) { return [0, 1]; }
    if (this.log) { return uPlot.rangeLog(min, max, 10, true); }
    return uPlot.rangeNum(min, max, 0.1, true);
  };

  Chart.prototype.draw = function () {
    var self = this;
    var keepX = null;
    if (this.u) {
      var sx = this.u.scales.x;
      if (sx.min > this.aligned.xs[0] || sx.max < this.aligned.xs[this.aligned.xs.length - 1]) {
        keepX = { min: sx.min, max: sx.max };
      }
      this.u.destroy();
    }
    var b = this.build();
    var width = Math.max(320, Math.min(this.container.clientWidth || 900, 900));
    var epochEnds = this.figure.epochEnds || [];
    var opts = {
      width: width,
      height: 380,
      title: this.figure.title,
      series: b.series,
      bands: b.bands,
      scales: {
        x: { time: false },
        y: { distr: this.log ? 3 : 1, log: 10, range: function (u, min, max) { return self.yRange(u, min, max); } }
      },
      axes: [{ label: this.figure.xLabel || "step", values: ticks }, { label: this.figure.yLabel || "", values: ticks }],
      cursor: { drag: { x: true, y: false, setScale: true }, points: { size: 6 } },
      legend: { live: true },
      hooks: {
        setSeries: [function (u, idx) {
          if (idx !== null && idx !== undefined) { self.hidden[u.series[idx].label] = !u.series[idx].show; }
        }],
        draw: [function (u) {
          if (epochEnds.length === 0) { return; }
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#9a9a9a";
          ctx.lineWidth = 1;
          ctx.setLineDash([5, 4]);
          epochEnds.forEach(function (e) {
            if (e < u.scales.x.min || e > u.scales.x.max) { return; }
            var x = Math.round(u.valToPos(e, "x", true)) + 0.5;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
          });
          ctx.restore();
        }]
      }
    };
    this.u = new uPlot(opts, b.data, this.mount);
    if (keepX) { this.u.setScale("x", keepX); }
  };

  /* A smoothed line's legend label at weight w: its "EMA 0.6" says the weight drawn. */
  function relabel(label, w) {
    return label.replace(/EMA [0-9.]+$/, "EMA " + String(parseFloat(w.toFixed(3))));
  }

  /* Re-smooths the smoothed lines at weight w; at the report's own weight, its exact values. The
     legend follows (a series hidden from it stays hidden). */
  Chart.prototype.smooth = function (w) {
    var self = this;
    var changed = false;
    this.traces.forEach(function (t) {
      if (!t.n || t.smoothedAt === w) { return; }
      t.drawn = w === spec.weight ? t.y.slice() : ema(t.n, t.m, w);
      t.smoothedAt = w;
      var label = relabel(t.label, w);
      if (label !== t.label) {
        if (self.hidden[t.label]) { self.hidden[label] = true; }
        delete self.hidden[t.label];
        t.label = label;
      }
      changed = true;
    });
    if (changed) { this.draw(); }
  };

  /* Drawn values of the trace with this label: [[x, y], ...] at the trace's own steps. */
  Chart.prototype.values = function (label) {
    for (var ti = 0; ti < this.traces.length; ti++) {
      var t = this.traces[ti];
      if (t.label !== label) { continue; }
      var col = this.u.data[this.slots[ti][0]];
      var pos = this.aligned.at[ti];
      return t.x.map(function (x, k) { return [x, col[pos[k]]]; });
    }
    return null;
  };

  function checkbox(text, onChange) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + text));
    return label;
  }

  function smoothingBar(anchor) {
    var bar = document.createElement("div");
    bar.className = "smoothing-bar";
    var label = document.createElement("label");
    label.textContent = "Smoothing (EMA weight) ";
    var slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = "0.999";
    slider.step = "0.001";
    slider.value = String(spec.weight);
    slider.id = "smoothing";
    label.appendChild(slider);
    var shown = document.createElement("output");
    shown.textContent = String(spec.weight);
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "report's weight (" + spec.weight + ")";
    var note = document.createElement("span");
    note.className = "muted";
    function apply() {
      var w = parseFloat(slider.value);
      if (!(w >= 0 && w < 1)) { return; }
      shown.textContent = slider.value;
      api.smoothing = w;
      Object.keys(api.charts).forEach(function (id) { api.charts[id].smooth(w); });
      note.textContent = w === spec.weight || !api.reduced ? ""
        : " Long series: at this weight the lines are smoothed again from the mean of each pixel column"
          + " (an approximation); at the report's weight they are the exact values of metrics.csv.";
    }
    slider.addEventListener("input", apply);
    reset.addEventListener("click", function () { slider.value = String(spec.weight); apply(); });
    bar.appendChild(label);
    bar.appendChild(shown);
    bar.appendChild(reset);
    bar.appendChild(note);
    anchor.parentNode.insertBefore(bar, anchor);
  }

  function start() {
    var first = true;
    spec.figures.forEach(function (figure) {
      var holder = document.querySelector('[data-figure="' + figure.id + '"]');
      if (!holder || figure.traces.length === 0) { return; }
      var chart = new Chart(figure, holder);
      var controls = document.createElement("div");
      controls.className = "chart-controls";
      controls.appendChild(checkbox("log scale", function (on) { chart.log = on; chart.draw(); }));
      controls.appendChild(checkbox("ignore outliers (5th–95th percentile)", function (on) { chart.outliers = on; chart.draw(); }));
      var hint = document.createElement("span");
      hint.className = "muted";
      hint.textContent = "drag to zoom, double-click to reset, click a legend entry to hide or show it";
      controls.appendChild(hint);
      chart.mount = document.createElement("div");
      chart.mount.className = "chart";
      holder.appendChild(controls);
      holder.appendChild(chart.mount);
      chart.draw();
      holder.classList.add("live");
      api.charts[figure.id] = chart;
      if (first) {
        api.firstDrawnMs = performance.now();
        first = false;
      }
    });
    var firstFigure = document.querySelector(".plot.live");
    if (firstFigure) {
      var section = firstFigure.closest("section") || firstFigure;
      smoothingBar(section);
    }
    api.allDrawnMs = performance.now();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
