// The operators' migration page: sign in (sysadmin), watch every job of every phase, run a job or a
// phase, follow progress, read the run log and the verification report. Plain JS, no build step.
// The access token is kept in this closure only: never in storage, cookies or the URL.
(() => {
  "use strict";
  const API = "/api/admin/migrations";
  const LOGIN = "/api/auth/login";
  const PHASE_NAMES = { 1: "Phase 1: legacy SQLite → Postgres", 2: "Phase 2: Firestore → Postgres", 3: "Phase 3: staff" };
  const $ = (sel) => document.querySelector(sel);

  let token = null;
  let jobs = [];
  let progress = {};      // run id -> progress view
  let logPage = 0;
  const LOG_SIZE = 20;
  let timer = null;
  let reportJson = null;

  // ---------------------------------------------------------------- helpers
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c.nodeType ? c : String(c));
    return e;
  }
  const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en-US"));
  const when = (t) => (t ? new Date(t).toLocaleString() : "–");
  const dur = (ms) => (ms === null || ms === undefined ? "–" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
  const stateLabel = { never_run: "never run", running: "running", succeeded: "succeeded", failed: "failed", unfinished: "unfinished" };

  function notice(text, bad = false) {
    const n = $("#notice");
    n.textContent = text;
    n.className = bad ? "notice bad" : "notice";
    n.hidden = !text;
  }

  class HttpError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const res = await fetch(path, {
      ...options,
      headers: { Accept: "application/json", ...(options.headers || {}), Authorization: `Bearer ${token}` },
    });
    if (res.status === 401) {
      signOut("Your session has ended; please sign in again.");
      throw new HttpError(401, null);
    }
    const text = await res.text();
    const body = text ? JSON.parse(text) : null;
    if (!res.ok) throw new HttpError(res.status, body);
    return body;
  }

  function claims(jwt) {
    try {
      const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) {
      return {};
    }
  }

  // ---------------------------------------------------------------- sign in / out
  async function signIn(ev) {
    ev.preventDefault();
    const err = $("#login-error");
    err.hidden = true;
    const email = $("#email").value.trim();
    const password = $("#password").value;
    if (!email || !password) {
      err.textContent = "Enter your email and password.";
      err.hidden = false;
      return;
    }
    $("#login-button").disabled = true;
    try {
      const res = await fetch(LOGIN, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ email, password }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        err.textContent = res.status === 429 ? "Too many attempts; wait a moment and try again."
          : res.status === 401 ? "Wrong email or password." : (body && body.detail) || `Sign-in failed (HTTP ${res.status}).`;
        err.hidden = false;
        return;
      }
      const jwt = body.access_token;
      const c = claims(jwt);
      const groups = c.groups || [];
      if (!groups.includes("sysadmin")) {
        // Refuse before any data is fetched: the page is for sysadmins only (the API says 403 too).
        err.textContent = `Signed in as ${c.name || c.email || "staff"}, but the migration page is for sysadmins only.`;
        err.hidden = false;
        return;
      }
      token = jwt;
      $("#password").value = "";
      $("#who-name").textContent = c.name || c.email || c.sub;
      $("#who").hidden = false;
      $("#login").hidden = true;
      $("#app").hidden = false;
      await refresh();
      $("#phases").querySelector("button")?.focus();
    } catch (e) {
      err.textContent = "Sign-in failed: the server could not be reached.";
      err.hidden = false;
    } finally {
      $("#login-button").disabled = false;
    }
  }

  function signOut(message) {
    token = null;
    jobs = [];
    clearTimeout(timer);
    $("#app").hidden = true;
    $("#who").hidden = true;
    $("#login").hidden = false;
    $("#phases").replaceChildren();
    $("#log tbody").replaceChildren();
    $("#report").replaceChildren();
    $("#report-section").hidden = true;
    const err = $("#login-error");
    err.textContent = message || "";
    err.hidden = !message;
    $("#email").focus();
  }

  // ---------------------------------------------------------------- data
  async function refresh() {
    clearTimeout(timer);
    if (!token) return;
    try {
      jobs = await api(API);
      const running = jobs.filter((j) => j.running_run_id);
      const views = await Promise.all(running.map((j) => api(`${API}/runs/${j.running_run_id}`).catch(() => null)));
      progress = {};
      views.forEach((v) => { if (v && v.progress) progress[v.run.id] = v.progress; });
      renderPhases();
      await loadLog();
      $("#refreshed").textContent = `updated ${new Date().toLocaleTimeString()}`;
      timer = setTimeout(refresh, running.length ? 1000 : 5000);
    } catch (e) {
      if (e.status === 401) return;
      if (e.status === 403) { signOut("The migration page is for sysadmins only."); return; }
      notice(`Could not load the migration state: ${e.message}`, true);
      timer = setTimeout(refresh, 5000);
    }
  }

  async function loadLog() {
    const page = await api(`${API}/runs?page=${logPage}&size=${LOG_SIZE}`);
    const body = $("#log tbody");
    body.replaceChildren(...page.items.map((r) => {
      const result = r.success === null || r.success === undefined ? "running / unfinished" : r.success ? "succeeded" : "failed";
      const cls = r.success === false ? "failed" : "";
      const resultCell = el("td", {}, el("span", { class: `state state-${r.success === false ? "failed" : r.success ? "succeeded" : "running"}`, text: result }));
      if (r.error) resultCell.append(el("pre", { class: "err", text: r.error }));
      return el("tr", { class: cls, "data-run": r.id },
        el("td", { class: "num", text: r.id }), el("td", { text: r.job }), el("td", { text: when(r.started_at) }), resultCell,
        el("td", { class: "num", text: fmt(r.source_rows) }), el("td", { class: "num", text: fmt(r.dest_rows) }),
        el("td", { class: "num", text: dur(r.duration_ms) }));
    }));
    const pages = Math.max(1, Math.ceil(page.total / LOG_SIZE));
    $("#log-page").textContent = `page ${logPage + 1} of ${pages} (${fmt(page.total)} runs)`;
    $("#log-prev").disabled = logPage === 0;
    $("#log-next").disabled = logPage + 1 >= pages;
  }

  // ---------------------------------------------------------------- rendering
  function renderPhases() {
    const busy = jobs.some((j) => j.state === "running");
    const byPhase = new Map();
    jobs.forEach((j) => { if (!byPhase.has(j.phase)) byPhase.set(j.phase, []); byPhase.get(j.phase).push(j); });
    const sections = [...byPhase.entries()].sort((a, b) => a[0] - b[0]).map(([phase, list]) => {
      const done = list.filter((j) => j.state === "succeeded").length;
      return el("section", { class: "phase", "aria-labelledby": `phase-${phase}-title`, "data-phase": phase },
        el("div", { class: "phase-head" },
          el("h3", { id: `phase-${phase}-title`, text: `${PHASE_NAMES[phase] || `Phase ${phase}`} · ${done}/${list.length} succeeded` }),
          el("div", { class: "actions" },
            el("button", { type: "button", class: "secondary", "data-verify-phase": phase, onclick: () => verify({ phase }) }, "Verify phase"),
            el("button", { type: "button", "data-run-phase": phase, disabled: busy,
              onclick: () => confirmRun(`Run all ${list.length} jobs of ${PHASE_NAMES[phase] || `phase ${phase}`} in order? It stops at the first failure.`,
                () => start(`${API}/phases/${phase}`)) }, `Run phase ${phase}`))),
        el("ul", { class: "jobs" }, list.map((j) => renderJob(j, busy))));
    });
    $("#phases").replaceChildren(...sections);
  }

  function renderJob(j, busy) {
    const last = j.last_run;
    const p = j.running_run_id ? progress[j.running_run_id] : null;
    let detail;
    if (p) {
      const pct = p.rows_total ? Math.min(100, Math.round((p.rows_done * 100) / p.rows_total)) : null;
      detail = el("div", { class: "progress-cell" },
        el("progress", { max: 100, value: pct ?? undefined, "aria-label": `${j.job} progress` }),
        el("div", { class: "detail", text: `${p.stage}: ${fmt(p.rows_done)} / ${p.rows_total === null ? "?" : fmt(p.rows_total)} rows · ${fmt(p.rows_per_second)} rows/s · ETA ${p.eta_seconds === null || p.eta_seconds === undefined ? "–" : p.eta_seconds + " s"}` }));
    } else if (last) {
      detail = el("div", { class: "progress-cell detail" },
        `last run ${when(last.started_at)} · source ${fmt(last.source_rows)} → Postgres ${fmt(last.dest_rows)} · ${dur(last.duration_ms)}`);
    } else {
      detail = el("div", { class: "progress-cell detail", text: "not run yet" });
    }
    return el("li", { class: "job", "data-job": j.job, "data-state": j.state },
      el("span", { class: "step muted", text: j.step }),
      el("span", { class: "name", text: j.job }),
      el("span", { class: `state state-${j.state}`, text: stateLabel[j.state] || j.state }),
      detail,
      el("span", { class: "actions" },
        el("button", { type: "button", class: "secondary", "data-verify-job": j.job, "aria-label": `Verify ${j.job}`, onclick: () => verify({ job: j.job }) }, "Verify"),
        el("button", { type: "button", "data-run-job": j.job, "aria-label": `Run ${j.job}`, disabled: busy,
          onclick: () => confirmRun(`Run the ${j.job} job (step ${j.step})? It runs in one transaction and is safe to repeat.`, () => start(`${API}/${encodeURIComponent(j.job)}`)) }, "Run")));
  }

  // ---------------------------------------------------------------- actions
  function confirmRun(text, action) {
    const dialog = $("#confirm");
    $("#confirm-text").textContent = text;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => { if (dialog.returnValue === "ok") action(); }, { once: true });
    dialog.showModal();
    $("#confirm-ok").focus();
  }

  async function start(path) {
    notice("");
    try {
      const started = await api(path, { method: "POST" });
      notice(`Started run ${started.id}${started.jobs && started.jobs.length > 1 ? ` (${started.jobs.length} jobs)` : ""}.`);
    } catch (e) {
      if (e.status === 409) notice("Already running: another migration run holds the lock. Wait for it to finish.", true);
      else if (e.status !== 401) notice(`Could not start: ${e.message}`, true);
    }
    refresh();
  }

  async function verify(scope) {
    const q = scope.job ? `job=${encodeURIComponent(scope.job)}` : `phase=${scope.phase}`;
    $("#report-section").hidden = false;
    $("#report").replaceChildren(el("p", { class: "muted", text: "Verifying…" }));
    try {
      const report = await api(`${API}/verify?${q}`);
      reportJson = report;
      renderReport(report);
    } catch (e) {
      $("#report").replaceChildren(el("p", { class: "error", text: `Verification failed: ${e.message}` }));
    }
    $("#report-title").focus?.();
  }

  function renderReport(report) {
    const link = $("#report-download");
    URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: "application/json" }));
    link.download = `verification-${report.scope.replace(/[^a-z0-9_-]+/gi, "_")}.json`;
    const head = el("p", { class: report.ok ? "check ok" : "check bad", "data-report-ok": String(report.ok) },
      el("span", { class: "mark", text: report.ok ? "PASS" : "FAIL" }), `Verification of ${report.scope}`);
    const tables = report.tables.map((t) => el("div", { class: t.ok ? "table-report" : "table-report bad", "data-table": t.table },
      el("h3", { text: `${t.table} (${t.job}) · source ${fmt(t.source_rows)} → Postgres ${fmt(t.postgres_rows)} · ${t.sampled_rows} rows sampled` }),
      t.checks.map((c) => el("div", { class: c.ok ? "check ok" : "check bad" },
        el("span", { class: "mark", text: c.ok ? "✓ ok" : "✗ fail" }), el("span", {}, el("strong", { text: c.name }), ` ${c.detail || ""}`))),
      t.mismatches && t.mismatches.length ? el("ul", {}, t.mismatches.map((m) =>
        el("li", { class: "error", text: `${m.key} ${m.column}: expected ${m.expected}, found ${m.actual}` }))) : null));
    $("#report").replaceChildren(head, ...tables);
  }

  // ---------------------------------------------------------------- wiring
  $("#login-form").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", () => signOut());
  $("#log-prev").addEventListener("click", () => { logPage = Math.max(0, logPage - 1); loadLog(); });
  $("#log-next").addEventListener("click", () => { logPage += 1; loadLog(); });
  $("#report-title").setAttribute("tabindex", "-1");
  $("#email").focus();
})();
