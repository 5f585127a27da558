// The live view: polls the agent's JSON API and draws LR and loss curves on canvases (no libraries).
"use strict";

const REFRESH_MS = 2000;
const MAX_CURVES = 8;
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) {
    throw new Error(path + ": HTTP " + response.status);
  }
  return response.json();
}

function cell(row, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) {
    td.className = cls;
  }
  row.appendChild(td);
  return td;
}

function fmt(x, digits) {
  if (x === null || x === undefined) {
    return "–";
  }
  return Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(digits) : x.toExponential(2);
}

function fillJobs(jobs, colorOf) {
  const body = document.querySelector("#jobs tbody");
  body.replaceChildren();
  for (const j of jobs) {
    const row = document.createElement("tr");
    row.dataset.job = j.job;
    const name = cell(row, "", "name");
    if (colorOf.has(j.job)) {
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colorOf.get(j.job);
      name.appendChild(swatch);
    }
    name.appendChild(document.createTextNode(j.job));
    cell(row, j.step);
    cell(row, fmt(j.lr, 5));
    cell(row, fmt(j.loss, 4));
    cell(row, j.learner + (j.learnerVersion === null ? "" : "@" + j.learnerVersion), "name");
    cell(row, j.esGeneration === null ? "" : "gen " + j.esGeneration + " " + j.esSide);
    cell(row, j.instance, "name");
    body.appendChild(row);
  }
}

function fillLearners(learners) {
  const body = document.querySelector("#learners tbody");
  const fleet = document.querySelector("#fleet tbody");
  body.replaceChildren();
  fleet.replaceChildren();
  for (const l of learners) {
    const row = document.createElement("tr");
    row.dataset.learner = l.name;
    cell(row, l.name, "name");
    cell(row, l.version);
    cell(row, l.objective);
    cell(row, l.stages);
    cell(row, l.gradientsApplied);
    cell(row, l.origin, "name");
    body.appendChild(row);
    if (l.es) {
      const f = document.createElement("tr");
      f.dataset.learner = l.name;
      cell(f, l.name, "name");
      cell(f, l.es.generation);
      const runs = cell(f, l.es.runsUsed + " ");
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = Math.min(300, l.es.runsUsed) + "px";
      runs.appendChild(bar);
      cell(f, l.es.pairsPerGeneration);
      cell(f, l.es.sigma);
      cell(f, 2 * l.es.pairsPerGeneration);
      fleet.appendChild(f);
    }
  }
  if (!fleet.children.length) {
    const row = document.createElement("tr");
    const td = cell(row, "no FLEET_ES learner yet (see docs/fleet.md)", "name");
    td.colSpan = 6;
    fleet.appendChild(row);
  }
}

// Draws series [{name, color, points: [[x, y], ...]}] with axes; logY for the LR.
function drawChart(canvas, title, series, logY) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  const left = 64, right = 12, top = 26, bottom = 34;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#222";
  ctx.font = "13px sans-serif";
  ctx.fillText(title, left, 16);
  const ty = (y) => (logY ? Math.log10(y) : y);
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(ty(p[1])));
  if (!all.length) {
    ctx.fillStyle = "#888";
    ctx.fillText("no steps yet", left + 10, top + 30);
    return;
  }
  let x0 = Math.min(...all.map((p) => p[0])), x1 = Math.max(...all.map((p) => p[0]));
  let y0 = Math.min(...all.map((p) => ty(p[1]))), y1 = Math.max(...all.map((p) => ty(p[1])));
  if (x1 === x0) { x1 = x0 + 1; }
  if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.05;
  y0 -= pad; y1 += pad;
  const sx = (x) => left + (x - x0) / (x1 - x0) * (w - left - right);
  const sy = (y) => top + (1 - (ty(y) - y0) / (y1 - y0)) * (h - top - bottom);
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(left, top); ctx.lineTo(left, h - bottom); ctx.lineTo(w - right, h - bottom);
  ctx.stroke();
  ctx.fillStyle = "#555";
  ctx.font = "11px sans-serif";
  for (let i = 0; i <= 4; i++) {
    const v = y0 + (y1 - y0) * i / 4;
    const y = top + (1 - i / 4) * (h - top - bottom);
    const label = String(Number((logY ? Math.pow(10, v) : v).toPrecision(3)));
    ctx.fillText(label, 4, y + 4);
    ctx.strokeStyle = "#eee";
    ctx.beginPath(); ctx.moveTo(left + 1, y); ctx.lineTo(w - right, y); ctx.stroke();
  }
  const xs = new Set();
  for (let i = 0; i <= 4; i++) {
    xs.add(Math.round(x0 + (x1 - x0) * i / 4));
  }
  for (const v of xs) {
    ctx.fillText(String(v), sx(v) - 10, h - bottom + 14);
  }
  ctx.fillText("step", w - right - 30, h - 6);
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let started = false;
    for (const p of s.points) {
      if (!Number.isFinite(ty(p[1]))) { continue; }
      if (started) { ctx.lineTo(sx(p[0]), sy(p[1])); } else { ctx.moveTo(sx(p[0]), sy(p[1])); started = true; }
    }
    ctx.stroke();
  }
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const [jobList, learnerList] = await Promise.all([getJson("api/jobs"), getJson("api/learners")]);
    const jobs = jobList.jobs.sort((a, b) => (b.updated || 0) - (a.updated || 0) || a.job.localeCompare(b.job));
    const shown = jobs.slice(0, MAX_CURVES);
    const colorOf = new Map(shown.map((j, i) => [j.job, COLORS[i % COLORS.length]]));
    const details = await Promise.all(shown.map((j) => getJson("api/jobs/" + encodeURIComponent(j.job))));
    fillJobs(jobs, colorOf);
    fillLearners(learnerList.learners.sort((a, b) => a.name.localeCompare(b.name)));
    const lr = details.map((d) => ({ color: colorOf.get(d.job), points: d.history.map((p) => [p.step, p.lr]) }));
    const loss = details.map((d) => ({ color: colorOf.get(d.job), points: d.history.map((p) => [p.step, p.loss]) }));
    drawChart(document.getElementById("lr-chart"), "served LR (log scale)", lr, true);
    drawChart(document.getElementById("loss-chart"), "minibatch loss", loss, false);
    const missing = jobList.unreachable.length ? " · unreachable instances: " + jobList.unreachable.join(", ") : "";
    status.textContent = jobs.length + " job(s), " + learnerList.learners.length + " learner(s) · updated "
        + new Date().toLocaleTimeString() + missing;
    document.body.dataset.ready = "true";
  } catch (e) {
    status.textContent = "cannot reach the agent: " + e.message;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
