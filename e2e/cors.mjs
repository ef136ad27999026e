// Browser test of the gateway's CORS (issue 16): the Console is a browser app on its own origin.
// Two pages on two other origins (served here on 127.0.0.1, each its own port) call the gateway
// with fetch(): from the configured Console origin the login and a preflighted call (Authorization,
// If-Match) succeed and exposed headers are readable; from any other origin the browser blocks them.
// Env: BASE_URL (the gateway), ADMIN_EMAIL, ADMIN_PASSWORD, ALLOWED_PORT (its origin
// http://127.0.0.1:ALLOWED_PORT is in BELLSYS_CONSOLE_ORIGINS), OTHER_PORT (not configured).
import { chromium } from "playwright-core";
import http from "node:http";

const base = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const need = (k) => { if (!process.env[k]) { console.error(`missing env ${k}`); process.exit(2); } return process.env[k]; };
const admin = { email: need("ADMIN_EMAIL"), password: need("ADMIN_PASSWORD") };
const allowedPort = Number(need("ALLOWED_PORT"));
const otherPort = Number(need("OTHER_PORT"));

function check(cond, what) {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`  ok  ${what}`);
}

// A blank page per origin: the test's fetch() calls run inside it, as the Console's would.
const serve = (port) => new Promise((resolve) => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>Console origin</title><p>cors test page</p>");
  });
  server.listen(port, "127.0.0.1", () => resolve(server));
});
const servers = [await serve(allowedPort), await serve(otherPort)];

// What the Console does: log in, then call an API with the token (preflighted) and read headers.
async function consoleCalls(page, gateway, email, password) {
  return page.evaluate(async ({ gateway, email, password }) => {
    const out = {};
    try {
      const res = await fetch(`${gateway}/api/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ email, password }),
      });
      out.loginStatus = res.status;
      out.token = (await res.json()).access_token;
      out.requestId = res.headers.get("X-Request-Id");
    } catch (e) {
      out.loginError = String(e);
      return out;
    }
    try {
      const me = await fetch(`${gateway}/api/auth/me`, {
        headers: { Authorization: `Bearer ${out.token}`, "If-Match": "*", Accept: "application/json" },
      });
      out.meStatus = me.status;
      out.meEmail = (await me.json()).email;
    } catch (e) {
      out.meError = String(e);
    }
    return out;
  }, { gateway, email, password });
}

// The other origin's preflighted call, with a token obtained outside the browser.
async function preflightedFrom(page, gateway, token) {
  return page.evaluate(async ({ gateway, token }) => {
    try {
      const res = await fetch(`${gateway}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status };
    } catch (e) {
      return { error: String(e) };
    }
  }, { gateway, token });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });

  await page.goto(`http://127.0.0.1:${allowedPort}/`);
  const ok = await consoleCalls(page, base, admin.email, admin.password);
  check(ok.loginStatus === 200 && typeof ok.token === "string",
    `from the Console origin http://127.0.0.1:${allowedPort} the login fetch() succeeds (${ok.loginStatus ?? ok.loginError})`);
  check(typeof ok.requestId === "string" && ok.requestId.length > 0, "an exposed response header (X-Request-Id) is readable");
  check(ok.meStatus === 200 && ok.meEmail === admin.email,
    `a preflighted call with Authorization and If-Match succeeds (${ok.meStatus ?? ok.meError})`);

  await page.goto(`http://127.0.0.1:${otherPort}/`);
  const blocked = await consoleCalls(page, base, admin.email, admin.password);
  check(blocked.loginError !== undefined && blocked.loginStatus === undefined,
    `from another origin http://127.0.0.1:${otherPort} the browser blocks the login fetch() (${blocked.loginError})`);
  const blockedMe = await preflightedFrom(page, base, ok.token);
  check(blockedMe.error !== undefined, `and blocks a preflighted call even with a valid token (${blockedMe.error})`);
  check(consoleErrors.some((t) => /CORS/i.test(t)), "the browser names CORS as the reason");
  await page.close();
} catch (e) {
  console.error(e.message);
  failed = true;
} finally {
  await browser.close();
  servers.forEach((s) => s.close());
}
if (failed) process.exit(1);
console.log("CORS browser test passed");
