// Browser test of the migration operator page (issue 10), through the gateway like an operator:
//  1. a non-sysadmin is refused at sign-in and the page fetches no migration data;
//  2. a sysadmin signs in with the keyboard alone, runs Phase 1 (with the confirmation), watches
//     it, every Phase 1 job turns green, opens the phase's verification report (all green);
//  3. the page fits a phone-width screen.
// Screenshots (mid-run, end, report, phone) go to $SCREENSHOTS (default target/e2e).
// Env: BASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const base = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const shots = process.env.SCREENSHOTS ?? "target/e2e";
fs.mkdirSync(shots, { recursive: true });
const need = (k) => { if (!process.env[k]) { console.error(`missing env ${k}`); process.exit(2); } return process.env[k]; };
const admin = { email: need("ADMIN_EMAIL"), password: need("ADMIN_PASSWORD") };
const staff = { email: need("STAFF_EMAIL"), password: need("STAFF_PASSWORD") };

function check(cond, what) {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`  ok  ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  // ------------------------------------------------------------ 1. non-sysadmin refused
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const adminCalls = [];
    page.on("request", (r) => { if (r.url().includes("/api/admin/migrations")) adminCalls.push(r.url()); });
    await page.goto(`${base}/migrations/`);
    await page.fill("#email", staff.email);
    await page.fill("#password", staff.password);
    await page.click("#login-button");
    await page.waitForSelector("#login-error:not([hidden])");
    const message = await page.textContent("#login-error");
    check(/sysadmins only/i.test(message), `non-sysadmin sees the refusal ("${message.trim()}")`);
    check(await page.isHidden("#app"), "non-sysadmin sees no migration data");
    check(adminCalls.length === 0, "no migration API call was made for the non-sysadmin");
    await page.close();
  }

  // ------------------------------------------------------------ 2. sysadmin runs Phase 1 by keyboard
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => { console.error("page error:", e); failed = true; });
  await page.goto(`${base}/migrations/`);
  check(await page.evaluate(() => document.activeElement?.id) === "email", "focus starts in the email field");
  await page.keyboard.type(admin.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(admin.password);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#app:not([hidden]) [data-phase='1'] [data-job]");
  const jobs = await page.$$eval("[data-phase='1'] [data-job]", (els) => els.map((e) => e.dataset.job));
  check(jobs.length === 12, `Phase 1 lists its 12 jobs in order (${jobs.join(", ")})`);
  check(jobs[0] === "melody_drafts" && jobs[11] === "device_logs", "spec order: melody_drafts first, device_logs last");

  // Keyboard: Tab from the focused first button of the page to "Run phase 1", Enter opens the
  // confirmation, Enter confirms (focus is on its Run button).
  await page.focus("[data-verify-phase='1']");
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement?.dataset.runPhase) === "1", "Tab reaches the Run phase 1 button");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#confirm[open]");
  check(/Run all 12 jobs/.test(await page.textContent("#confirm-text")), "a confirmation explains what will run");
  await page.keyboard.press("Enter");

  // The run has started when the page says so; it shows the running job with a disabled Run
  // button while the phase lasts (a re-run of Phase 1 on a small file can end within a poll).
  await page.waitForFunction(() => /Started run \d+/.test(document.querySelector("#notice")?.textContent ?? ""),
    null, { timeout: 30000 });
  check(true, `the page confirms the start ("${(await page.textContent("#notice")).trim()}")`);
  const sawRunning = await page.waitForSelector("[data-phase='1'] [data-state='running']", { timeout: 5000 })
    .then(() => true).catch(() => false);
  if (sawRunning) {
    check(await page.$eval("[data-run-phase='1']", (b) => b.disabled), "run buttons are disabled while a run is going");
  }
  await page.screenshot({ path: path.join(shots, "migration-mid-run.png"), fullPage: true });
  console.log(`  ok  screenshot mid-run (${sawRunning ? "a job shown running" : "the run ended before the next poll"})`);

  await page.waitForFunction(() => {
    const states = [...document.querySelectorAll("[data-phase='1'] [data-job]")].map((e) => e.dataset.state);
    return states.length === 12 && states.every((s) => s === "succeeded");
  }, null, { timeout: 300000, polling: 500 });
  check(true, "every Phase 1 job turned green (succeeded)");
  const logRows = await page.$$eval("#log tbody tr", (rows) => rows.length);
  check(logRows > 0, `the run log lists runs (${logRows} on the first page)`);
  await page.screenshot({ path: path.join(shots, "migration-end.png"), fullPage: true });
  console.log("  ok  screenshot at the end");

  await page.click("[data-verify-phase='1']");
  await page.waitForSelector("[data-report-ok]", { timeout: 120000 });
  check(await page.getAttribute("[data-report-ok]", "data-report-ok") === "true", "the Phase 1 verification report is all green");
  const tables = await page.$$eval("#report [data-table]", (els) => els.length);
  check(tables === 12, `the report covers 12 tables (${tables})`);
  const href = await page.getAttribute("#report-download", "href");
  check(href.startsWith("blob:"), "the report can be downloaded as JSON");
  await page.screenshot({ path: path.join(shots, "migration-report.png"), fullPage: true });

  // ------------------------------------------------------------ 3. phone width
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
  await page.screenshot({ path: path.join(shots, "migration-phone.png"), fullPage: true });
  await page.close();
} catch (e) {
  console.error(e.message);
  failed = true;
  for (const p of browser.contexts().flatMap((c) => c.pages())) {
    await p.screenshot({ path: path.join(shots, "migration-failure.png"), fullPage: true }).catch(() => {});
    console.error("notice:", await p.textContent("#notice").catch(() => "?"));
  }
} finally {
  await browser.close();
}
if (failed) process.exit(1);
console.log("migration page browser test passed");
