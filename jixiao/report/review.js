"use strict";
// Draws the documents of review.html a page at a time from the JSON in #data (see page.py).
const D = JSON.parse(document.getElementById("data").textContent);
const SEV = ["error", "warning", "info"];
const S = {sev: new Set(SEV), rule: "", doc: "", docsort: "input", flagsort: "seq", per: 10, page: 0};
const $ = (id) => document.getElementById(id);
const esc = (v) => String(v).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const val = (v) => (v === null || v === undefined || v === "" ? "—" : esc(v));
const pts = (label, points) => (points === undefined ? val(label) : `${val(label)} (${esc(points)}分)`);

function matching() {
  // Flag indices that pass the filters, grouped by document index.
  const byDoc = new Map();
  let n = 0;
  D.flags.forEach((f, i) => {
    if (!S.sev.has(f.s) || (S.rule && f.r !== S.rule) || f.p < 0) return;
    const d = D.projects[f.p].d;
    if (S.doc !== "" && String(d) !== S.doc) return;
    if (!byDoc.has(d)) byDoc.set(d, []);
    byDoc.get(d).push(i);
    n++;
  });
  return {byDoc, n};
}

function sortedDocs(byDoc) {
  const narrowed = S.sev.size < SEV.length || S.rule !== "";
  let docs = D.docs.map((_, i) => i).filter((i) => (S.doc === "" || String(i) === S.doc) && (!narrowed || byDoc.has(i)));
  const count = (i, sev) => (byDoc.get(i) || []).filter((k) => !sev || D.flags[k].s === sev).length;
  if (S.docsort === "errors") docs.sort((a, b) => count(b, "error") - count(a, "error") || count(b, "warning") - count(a, "warning") || a - b);
  else if (S.docsort === "flags") docs.sort((a, b) => count(b) - count(a) || a - b);
  else if (S.docsort === "name") docs.sort((a, b) => String(D.docs[a].f).localeCompare(String(D.docs[b].f)) || a - b);
  return {docs, narrowed};
}

function sortFlags(list) {
  const seq = (f) => (f.q === null ? 0 : f.q);
  const cmp = {
    seq: (a, b) => seq(a) - seq(b),
    severity: (a, b) => SEV.indexOf(a.s) - SEV.indexOf(b.s) || seq(a) - seq(b),
    rule: (a, b) => a.r.localeCompare(b.r) || seq(a) - seq(b),
  }[S.flagsort];
  return list.sort((x, y) => cmp(D.flags[x], D.flags[y]) || x - y);
}

function evidence(f, doc) {
  if (f.c !== undefined) {
    const src = $("c" + f.c).textContent;
    return `<figure><img src="${src}" alt="page ${val(f.i && f.i.pg)} of ${esc(doc.f)}, row ${f.q} highlighted"><figcaption>page ${val(f.i && f.i.pg)}, the row highlighted</figcaption></figure>`;
  }
  if (f.x !== undefined) return `<p class=src><span>source row</span> <code>${esc(f.x)}</code></p>`;
  if (f.why) return `<p class=why>${esc(f.why)}</p>`;
  return "";
}

function flagHtml(k, doc) {
  const f = D.flags[k];
  // more: the newer columns (年初指标值, 权重占比, 核心指标, …) where the row's table has them
  const more = f.i && f.i.more ? f.i.more.map(([h, v]) => `<dt>${esc(h)}</dt><dd>${val(v)}</dd>`).join("") : "";
  const row = f.i ? `<dl class=row><dt>row</dt><dd>${f.q} · ${pts(f.i.l1, f.i.l1p)} / ${pts(f.i.l2, f.i.l2p)} / <b>${val(f.i.l3)}</b></dd>
<dt>target</dt><dd>${val(f.i.t)}</dd><dt>actual</dt><dd>${val(f.i.a)}</dd><dt>weight</dt><dd>${val(f.i.w)}</dd><dt>score</dt><dd>${val(f.i.sc)}</dd><dt>偏差原因</dt><dd>${val(f.i.dr)}</dd>${more}</dl>` : "";
  return `<li class="flag ${esc(f.s)}"><p><span class="sev ${esc(f.s)}">${esc(f.s)}</span> <span class=rule-id>${esc(f.r)}</span>
${f.q === null ? `<span class=lvl>${D.projects[f.p].dep ? "table" : "project"}</span>` : ""} <span class=msg>${esc(f.m)}</span></p>
<dl class=eo><dt>expected</dt><dd>${val(f.e)}</dd><dt>observed</dt><dd>${val(f.o)}</dd></dl>${row}${evidence(f, doc)}</li>`;
}

function fundsHtml(p) {
  // p.funds: h = the columns shown [header, numeric], g = [breakdown or null, lines]: the total first
  const fu = p.funds;
  if (!fu) return "";
  const cell = (c, i) => (i ? `<td${fu.h[i - 1][1] ? " class=num" : ""}>${val(c)}</td>` : `<th scope=row>${esc(c)}</th>`);
  const group = ([title, lines]) => `<tbody>${title ? `<tr class=grp><th scope=rowgroup colspan=${fu.h.length + 1}>${esc(title)}</th></tr>` : ""}${lines.map((r) => `<tr${title ? " class=sub" : ""}>${r.map(cell).join("")}</tr>`).join("")}</tbody>`;
  const head = fu.h.map(([h]) => `<th scope=col>${esc(h)}</th>`).join("");
  return `<table class=funds><caption>funds (万元${p.mu === "元" ? ", printed in 元" : ""})</caption><thead><tr><th scope=col>line</th>${head}</tr></thead>${fu.g.map(group).join("")}</table>`;
}

function projectHtml(pi, flags, doc) {
  const p = D.projects[pi];
  const list = flags.length ? `<ol class=flags>${sortFlags(flags).map((k) => flagHtml(k, doc)).join("")}</ol>` : "<p class=none>no flags shown</p>";
  // a department-wide table (p.dep): named by the unit it evaluates, badged, with its form's title
  const badge = p.dep ? `<span class=badge>${esc(p.dep)}</span> ` : "";
  const title = p.dep && !p.name ? "<span class=none>(unit not printed)</span>" : val(p.name);
  const form = p.dep ? `<dt>form</dt><dd>${val(p.form)}</dd>` : "";
  const rate = p.gr === undefined ? "" : `<dt>总体完成率 %</dt><dd>${val(p.gr)}</dd>`;
  return `<article class="project${p.dep ? " dept" : ""}"><h4>${badge}${title}</h4><dl class=meta>${form}<dt>department</dt><dd>${val(p.dept)}</dd>
<dt>unit</dt><dd>${val(p.unit)}</dd><dt>place</dt><dd>${val(p.place)}</dd><dt>adcode</dt><dd>${val(p.adcode)}</dd><dt>year</dt><dd>${val(p.year)}</dd><dt>pages</dt><dd>${val(p.pages)}</dd>
<dt>total weight</dt><dd>${val(p.tw)}</dd><dt>total score</dt><dd>${val(p.ts)}</dd><dt>grade</dt><dd>${val(p.grade)}</dd>${rate}</dl>
${fundsHtml(p)}${list}</article>`;
}

function docHtml(di, flags, narrowed) {
  const d = D.docs[di];
  const byProject = new Map();
  flags.forEach((k) => { const p = D.flags[k].p; if (!byProject.has(p)) byProject.set(p, []); byProject.get(p).push(k); });
  const projects = d.p.filter((p) => !narrowed || byProject.has(p));
  const deps = d.p.filter((p) => D.projects[p].dep).length;
  const tables = [(!deps || d.p.length > deps) && `${d.p.length - deps} projects`,
    deps && `${deps} department table${deps > 1 ? "s" : ""}`].filter(Boolean).join(" · ");
  const notes = [d.e && `<p class=err>${esc(d.e)}</p>`, d.n && `<p class=note>${esc(d.n)}</p>`, d.x && `<p class=err>${esc(d.x)}</p>`].filter(Boolean).join("");
  return `<section class=doc><h3>${esc(d.f)}</h3><p class=docmeta>${esc(d.t || "?")} · ${esc(d.s)} · ${val(d.pg)} pages · ${val(d.m)} · ${tables} · ${flags.length} flags shown</p>${notes}
${projects.map((p) => projectHtml(p, byProject.get(p) || [], d)).join("")}</section>`;
}

function render(focus) {
  const {byDoc, n} = matching();
  const {docs, narrowed} = sortedDocs(byDoc);
  const pages = Math.max(1, Math.ceil(docs.length / S.per));
  S.page = Math.min(S.page, pages - 1);
  $("flag-count").textContent = n;
  const slice = docs.slice(S.page * S.per, (S.page + 1) * S.per);
  $("results").innerHTML = slice.length ? slice.map((i) => docHtml(i, byDoc.get(i) || [], narrowed)).join("") : "<p class=none>No flags match these filters.</p>";
  const label = `documents ${docs.length ? S.page * S.per + 1 : 0}–${S.page * S.per + slice.length} of ${docs.length} · page ${S.page + 1} of ${pages}`;
  document.querySelectorAll(".pager").forEach((nav) => {
    nav.innerHTML = `<button type=button data-go=first ${S.page ? "" : "disabled"}>« first</button> <button type=button data-go=prev ${S.page ? "" : "disabled"}>‹ previous</button> <span>${label}</span> <button type=button data-go=next ${S.page < pages - 1 ? "" : "disabled"}>next ›</button> <button type=button data-go=last ${S.page < pages - 1 ? "" : "disabled"}>last »</button>`;
  });
  toHash();
  if (focus) $("results").focus();
}

function fromHash() {
  // Filters in the address (#rule=QUANT_SCORE&sev=error,warning&doc=3&page=2): a view can be bookmarked or sent.
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.has("sev")) S.sev = new Set(h.get("sev").split(",").filter((s) => SEV.includes(s)));
  for (const id of ["rule", "doc", "docsort", "flagsort"]) if (h.has(id)) S[id] = h.get(id);
  if (h.has("per")) S.per = Number(h.get("per")) || 10;
  if (h.has("page")) S.page = Math.max(0, Number(h.get("page")) - 1 || 0);
  document.querySelectorAll("input[name=sev]").forEach((box) => { box.checked = S.sev.has(box.value); });
  for (const id of ["rule", "doc", "docsort", "flagsort", "per"]) $(id).value = String(S[id]);
}

function toHash() {
  const h = new URLSearchParams();
  if (S.sev.size < SEV.length) h.set("sev", SEV.filter((s) => S.sev.has(s)).join(","));
  for (const id of ["rule", "doc"]) if (S[id] !== "") h.set(id, S[id]);
  if (S.docsort !== "input") h.set("docsort", S.docsort);
  if (S.flagsort !== "seq") h.set("flagsort", S.flagsort);
  if (S.per !== 10) h.set("per", S.per);
  if (S.page) h.set("page", S.page + 1);
  history.replaceState(null, "", h.toString() ? "#" + h : location.pathname);
}

document.querySelectorAll("input[name=sev]").forEach((box) => box.addEventListener("change", () => {
  box.checked ? S.sev.add(box.value) : S.sev.delete(box.value);
  S.page = 0; render();
}));
for (const id of ["rule", "doc", "docsort", "flagsort", "per"]) {
  $(id).addEventListener("change", () => { S[id] = id === "per" ? Number($(id).value) : $(id).value; S.page = 0; render(); });
}
document.addEventListener("click", (e) => {
  const go = e.target.closest("[data-go]");
  if (go) {
    const last = Math.max(0, Math.ceil(sortedDocs(matching().byDoc).docs.length / S.per) - 1);
    S.page = {first: 0, prev: S.page - 1, next: S.page + 1, last}[go.dataset.go];
    render(true);
  }
  const rule = e.target.closest("button.rule");
  if (rule) { S.rule = $("rule").value = rule.dataset.rule; S.page = 0; render(true); }
});
fromHash();
render(false);
document.body.dataset.readyMs = Math.round(performance.now());  // navigation start → first page drawn (bench)
