// The single-file explorer (hpresearch/explore/standalone.py writes the data it reads).
// Runs inside vl-convert's bundle, which provides vegaEmbed. Every text comes
// from the data (the message catalogue); every number from the engine's computed points.
const DATA = JSON.parse(document.getElementById("explorer-data").textContent);
const LEVERS = DATA.levers;
const $ = (id) => document.getElementById(id);

// ---- numbers ---------------------------------------------------------------------------
function bytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}
const f64 = (text) => new Float64Array(bytes(text));
const f32 = (text) => Float64Array.from(new Float32Array(bytes(text)));
const decoded = {};
function combo(scenario, boundary) {
  const key = scenario + "|" + boundary;
  if (!decoded[key]) {
    const c = DATA.combos[key];
    decoded[key] = Object.assign({}, c, {
      grid: f64(c.grid), mcOff: f64(c.mc_off), mcQ: f32(c.mc_q),
      mcCOfficial: f64(c.mc_c_official), mcCGoal: f64(c.mc_c_goal40)});
  }
  return decoded[key];
}
// One axis: "as in the scenario" is index 0; a level interpolates between two of the
// `levels` nodes, linear in the warped coordinate u = t ** (1 / power).
function axisWeights(lever, value, levels) {
  if (value === null) return [[0, 1]];
  const t = Math.min(1, Math.max(0, (value - lever.low) / (lever.high - lever.low)));
  const pos = Math.pow(t, 1 / lever.power) * (levels - 1);
  const i = Math.min(Math.floor(pos), levels - 2);
  const w = pos - i;
  return w === 0 ? [[i + 1, 1]] : [[i + 1, 1 - w], [i + 2, w]];
}
// The grid's nodes (row-major, first lever slowest) that a setting mixes, with weights.
function corners(values, levels) {
  let out = [[0, 1]];
  LEVERS.forEach((lever, j) => {
    const next = [], n = levels[j] + 1;
    for (const [idx, w] of out)
      for (const [k, wk] of axisWeights(lever, values[j], levels[j])) next.push([idx * n + k, w * wk]);
    out = next;
  });
  return out;
}
function mix(array, width, cs) {
  const out = new Float64Array(width);
  for (const [idx, w] of cs)
    for (let t = 0; t < width; t++) out[t] += w * array[idx * width + t];
  return out;
}
function pFromQuantiles(q, x) {    // P(relative offset >= x), linear between percentiles
  const m = q.length - 1;
  if (x <= q[0]) return 1;
  if (x > q[m]) return 0;
  let i = 0;
  while (i < m - 1 && q[i + 1] < x) i++;
  const f = q[i + 1] > q[i] ? (x - q[i]) / (q[i + 1] - q[i]) : 1;
  return 1 - (i + f) / m;
}
function compute(state) {
  const c = combo(state.scenario, state.boundary);
  const values = LEVERS.map((l) => state[l.key]);
  const T = c.years.length, ti = c.years.indexOf(c.year);
  const r = {years: c.years, year: c.year, official: c.official, goal40: c.goal40,
             moved: values.some((v) => v !== null)};
  if (!r.moved) {
    Object.assign(r, {det: c.default.det, p10: c.default.p10, p50: c.default.p50,
                      p90: c.default.p90, p_official: c.default.p_official,
                      p_goal40: c.default.p_goal40});
  } else {
    const det = mix(c.grid, T, corners(values, DATA.grid_levels));
    const cs = corners(values, DATA.mc_levels);
    const off = mix(c.mcOff, 3 * T, cs), q = mix(c.mcQ, DATA.quantiles, cs);
    // fan and percentiles relative to the deterministic path: band = det * (1 + offset)
    const band = (b) => Array.from(det, (d, t) => d * (1 + off[b * T + t]));
    const p = (target, corr) => Math.min(1, Math.max(0,
      pFromQuantiles(q, target / det[ti] - 1) + mix(corr, 1, cs)[0]));
    Object.assign(r, {det: Array.from(det), p10: band(0), p50: band(1), p90: band(2),
                      p_official: p(c.official, c.mcCOfficial), p_goal40: p(c.goal40, c.mcCGoal)});
  }
  r.share = r.det[ti]; r.median = r.p50[ti]; r.low = r.p10[ti]; r.high = r.p90[ti];
  r.gap = c.official - r.median;     // the reports' one gap measure
  return r;
}

// ---- state and URL ---------------------------------------------------------------------
const state = {scenario: DATA.default_scenario, boundary: DATA.boundaries[0], lang: DATA.langs[0]};
LEVERS.forEach((l) => { state[l.key] = null; });
function parseHash(hash) {
  const out = {scenario: DATA.default_scenario, boundary: DATA.boundaries[0], lang: DATA.langs[0]};
  LEVERS.forEach((l) => { out[l.key] = null; });
  const q = new URLSearchParams(String(hash || "").replace(/^#/, ""));
  if (DATA.scenarios.includes(q.get("scenario"))) out.scenario = q.get("scenario");
  if (DATA.boundaries.includes(q.get("boundary"))) out.boundary = q.get("boundary");
  if (DATA.langs.includes(q.get("lang"))) out.lang = q.get("lang");
  LEVERS.forEach((l) => {
    const raw = q.get(l.key);
    const v = raw === null || raw.trim() === "" ? NaN : Number(raw);
    if (Number.isFinite(v)) out[l.key] = Math.min(l.high, Math.max(l.low, v));
  });
  return out;
}
function toHash(s) {
  const q = new URLSearchParams();
  q.set("scenario", s.scenario); q.set("boundary", s.boundary);
  LEVERS.forEach((l) => { if (s[l.key] !== null) q.set(l.key, String(s[l.key])); });
  q.set("lang", s.lang);
  return "#" + q.toString();
}
function writeHash() {
  const h = toHash(state);
  if (location.hash === h) return;
  try { history.replaceState(null, "", h); } catch (e) { location.replace(h); }
}

// ---- formatting (the reports' conventions, from the data) ------------------------------
function L() { return DATA.labels[state.lang]; }
function num(x, d) {
  const f = L().format;
  const [i, frac] = Math.abs(x).toFixed(d).split(".");
  const grouped = f.group ? i.replace(/\B(?=(\d{3})+(?!\d))/g, f.group) : i;
  return (x < 0 && Number((Math.abs(x)).toFixed(d)) !== 0 ? "-" : "") + grouped +
    (frac ? f.decimal + frac : "");
}
const fill = (tpl, v) => tpl.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
const pct = (x, d = 1) => fill(L().format.percent, {n: num(x * 100, d)});
const pts = (x, d = 1) => fill(L().format.points, {n: num(x * 100, d)});
const money = (x, lever) => fill(L().format[L().levers_text[lever.name].unit],
                                  {n: num(x, lever.digits)});

// ---- chart -----------------------------------------------------------------------------
let view = null, viewLang = null;
async function ensureChart() {
  if (view && viewLang === state.lang) return;
  if (view) view.finalize();
  const res = await vegaEmbed("#chart", DATA.charts[state.lang],
    {actions: false, renderer: "canvas", logLevel: 0,
     formatLocale: DATA.format_locale[state.lang]});
  view = res.view; viewLang = state.lang;
}
function chartData(r) {
  const c = combo(state.scenario, state.boundary), lab = L();
  return {
    band: r.years.map((y, t) => ({year: y, p10: r.p10[t], p90: r.p90[t]})),
    lines: r.years.flatMap((y, t) => [{year: y, series: lab.chart_median, value: r.p50[t]},
                                       {year: y, series: lab.chart_det, value: r.det[t]}]),
    observed: c.history.map(([y, v, b]) => ({year: y, value: v,
                                              label: lab.observed_labels[b] || b})),
    targets: [{value: c.official, label: fill(lab.chart_target, {share: pct(c.official, 0)})}]
      .concat(Math.abs(c.goal40 - c.official) < 1e-9 ? [] :   // the old city: one 40% line
              [{value: c.goal40, label: fill(lab.chart_target, {share: pct(c.goal40, 1)})}]),
  };
}
async function drawChart(r) {
  await ensureChart();
  const data = chartData(r);
  for (const name of Object.keys(data))
    view.data(name, data[name]);
  await view.resize().runAsync();     // fit the axes to the new labels (autosize fit-x)
}

// ---- page ------------------------------------------------------------------------------
function setText(id, text) { const el = $(id); if (el.textContent !== text) el.textContent = text; }
function buildFrame() {
  const lab = L();
  document.documentElement.lang = state.lang;
  document.title = lab.title;
  setText("title", lab.title); setText("intro", lab.intro); setText("method", lab.method);
  setText("l-scenario", lab.scenario); setText("l-boundary", lab.boundary);
  setText("reset", lab.reset); setText("link", lab.link);
  setText("h-report", lab.report_setting); setText("h-requirement", lab.requirement);
  const sel = $("scenario");
  sel.replaceChildren(...DATA.scenarios.map((s) => new Option(
    DATA.combos[s + "|" + state.boundary].texts[state.lang].title, s)));
  const bsel = $("boundary");
  bsel.replaceChildren(...DATA.boundaries.map((b) => new Option(lab.boundaries[b], b)));
  $("langs").replaceChildren(...DATA.langs.map((x) => {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = DATA.lang_names[x]; b.dataset.lang = x;
    b.setAttribute("aria-pressed", String(x === state.lang));
    b.addEventListener("click", () => { state.lang = x; buildFrame(); update(); });
    return b;
  }));
  LEVERS.forEach((l) => {
    setText("t-" + l.key, lab.levers_text[l.name].title);
    setText("r-" + l.key, lab.as_scenario);
  });
}
function leverRows(c) {
  const lab = L();
  setText("l-levers", fill(lab.levers, {year: c.start_year}));
  LEVERS.forEach((l) => {
    const set = state[l.key] !== null;
    const level = set ? state[l.key] : c.equivalent[l.name];
    const slider = $("s-" + l.key);
    if (level !== null && Number(slider.value) !== level && document.activeElement !== slider)
      slider.value = String(level);
    setText("v-" + l.key, (level === null ? "–" : money(level, l)) +
      (set ? "" : " (" + lab.as_scenario + ")"));
    $("r-" + l.key).disabled = !set;
    $("row-" + l.key).classList.toggle("set", set);
  });
}
function numbers(r, c) {
  const lab = L(), t = c.texts[state.lang];
  setText("n-share-l", fill(lab.share, {year: r.year})); setText("n-share", pct(r.share));
  setText("n-median-l", fill(lab.median, {year: r.year})); setText("n-median", pct(r.median));
  setText("n-band", fill(lab.band, {low: pct(r.low), high: pct(r.high)}));
  setText("n-gap-l", fill(lab.gap, {target: t.target, year: r.year}));
  setText("n-gap", pts(r.gap));
  setText("n-p-l", fill(lab.p_target, {target: t.target, year: r.year}));
  setText("n-p", pct(r.p_official, 0));
  setText("n-basis", lab["basis_" + c.probability_basis]);
  setText("band-note", lab["band_" + c.probability_basis]);
  setText("observed-note", [...new Set(c.history.map(h => lab.observed_labels[h[2]] || h[2]))]
    .join("; "));
  $("chart").setAttribute("aria-label", lab.chart_axis);
  setText("n-goal-l", fill(lab.card_goal, {eq: c.boundary === "merged" ? fill(lab.goal_eq, {value: pct(c.goal40)}) : ""}));
  setText("n-goal", pct(r.p_goal40, 0));
  setText("n-goal-basis", lab["basis_" + c.probability_basis]);
  const gapText = fill(r.gap > 0 ? lab.gap_short : lab.gap_over, {gap: pts(Math.abs(r.gap))});
  setText("sentence", r.moved ? lab.live + ": " + fill(lab.sentence, {
    scenario: t.headline, city: t.city, year: r.year, median: pct(r.median), low: pct(r.low),
    high: pct(r.high), gap_text: gapText, target: t.target, p_target: pct(r.p_official, 0),
    goal_text: t.goal, p_goal: pct(r.p_goal40, 0)}) : t.sentence);
  $("moved").hidden = !r.moved; setText("moved", lab.moved);
  setText("verdict", t.verdict); setText("basis", t.basis); setText("outside", t.outside);
  setText("required", t.required); setText("required-note", t.required_note);
  setText("reality", t.reality);
}
let pending = Promise.resolve();
function update() {
  const c = combo(state.scenario, state.boundary);
  const r = compute(state);
  $("scenario").value = state.scenario; $("boundary").value = state.boundary;
  leverRows(c); numbers(r, c); writeHash();
  $("link").href = toHash(state);
  pending = pending.then(() => drawChart(r));
  return pending;
}
function applyState(s) {
  const frame = s.lang !== state.lang || s.boundary !== state.boundary;
  Object.assign(state, s);
  if (frame) buildFrame();
  return update();
}
function wire() {
  $("scenario").addEventListener("change", (e) => { state.scenario = e.target.value; update(); });
  $("boundary").addEventListener("change", (e) => { state.boundary = e.target.value; buildFrame(); update(); });
  $("reset").addEventListener("click", () => { LEVERS.forEach((l) => { state[l.key] = null; }); update(); });
  LEVERS.forEach((l) => {
    const s = $("s-" + l.key);
    s.min = l.low; s.max = l.high; s.step = l.step;
    s.addEventListener("input", () => { state[l.key] = Number(s.value); update(); });
    $("r-" + l.key).addEventListener("click", () => { state[l.key] = null; update(); });
  });
  window.addEventListener("hashchange", () => {
    if (location.hash !== toHash(state)) applyState(parseHash(location.hash));
  });
}
wire();
Object.assign(state, parseHash(location.hash));
buildFrame();
// For the tests and the benchmark: the page's own computation and chart.
window.hpExplorer = {compute, parseHash, toHash, state, applyState, chartData,
                     settled: () => pending, view: () => view,
                     ready: update().then(() => {
                       document.body.dataset.ready = String(performance.now()); })};
