// The browser suite's harness: a schoolbieb server of its own (fresh SQLite
// database with the demo library, a free loopback port, stopped by PID),
// Debian's chromium through playwright-core, and `visit()`, which checks
// every page state with axe and saves it at desktop and phone width (where
// no page may scroll sideways).
//
// Nothing here downloads a browser: playwright-core drives
// /usr/bin/chromium, and the npm packages come pinned from
// package-lock.json (scripts/install-deps runs `npm ci` here).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const chromiumPath = process.env.SCHOOLBIEB_CHROMIUM || '/usr/bin/chromium';

// Fails with one clear line when a prerequisite is missing: the suite must
// run in CI, so a missing browser or package is an error, never a skip.
export async function loadBrowserLibraries() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run scripts/install-deps (apt package chromium)`);
  }
  if (!existsSync(path.join(here, 'node_modules', 'playwright-core')) ||
      !existsSync(path.join(here, 'node_modules', '@axe-core', 'playwright'))) {
    throw new Error(`${here}/node_modules is missing: run scripts/install-deps (npm ci in e2e/)`);
  }
  const { chromium } = await import('playwright-core');
  const axe = await import('@axe-core/playwright');
  return { chromium, AxeBuilder: axe.default ?? axe.AxeBuilder };
}

// The server under test. start() loads the demo library into a fresh
// database and serves it on a port the kernel picks (--listen …:0; the
// server prints the port it got). stop() ends it by its PID: SIGTERM, then
// SIGKILL after 10 s; it resolves with the exit code and stderr so the
// suite can check the server stopped cleanly (under ASan: no leaks).
export class Server {
  constructor(binary) {
    this.binary = path.resolve(binary);
    this.dir = mkdtempSync(path.join(tmpdir(), 'schoolbieb-e2e-'));
    this.db = `sqlite:${path.join(this.dir, 's.db')}`;
    this.env = {
      ...process.env,
      SCHOOLBIEB_UPLOAD_KEY_FILE: path.join(this.dir, 'upload.key'),
      SCHOOLBIEB_LANG: 'nl',
      SCHOOLBIEB_LOG_LEVEL: 'warn',
    };
    for (const name of ['SCHOOLBIEB_DB', 'SCHOOLBIEB_CONFIG', 'SCHOOLBIEB_SMTP_URL',
                        'SCHOOLBIEB_UPLOAD_KEY', 'SCHOOLBIEB_LISTEN']) {
      delete this.env[name];
    }
    this.stderr = '';
  }

  async start() {
    if (!existsSync(this.binary)) throw new Error(`no schoolbieb binary at ${this.binary}`);
    const demo = spawnSync(this.binary, ['--db', this.db, 'demo'],
                           { env: this.env, encoding: 'utf8', timeout: 120000 });
    if (demo.status !== 0) {
      throw new Error(`schoolbieb demo failed (${demo.status}): ${demo.stderr}`);
    }
    this.child = spawn(this.binary, ['--db', this.db, 'serve', '--listen', '127.0.0.1:0'],
                       { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text) => { this.stderr += text; });
    // Whatever happens to this process, the server goes with it.
    process.on('exit', () => this.kill('SIGKILL'));
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => { this.kill('SIGKILL'); process.exit(128 + 2); });
    }
    const port = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no port after 60 s: ${out}${this.stderr}`)),
                               60000);
      this.child.stdout.setEncoding('utf8');
      this.child.stdout.on('data', (text) => {
        out += text;
        const match = out.match(/:\/\/127\.0\.0\.1:(\d+)\//);
        if (match) { clearTimeout(timer); resolve(Number(match[1])); }
      });
      this.child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`schoolbieb serve stopped (${code}): ${this.stderr}`));
      });
    });
    this.url = `http://127.0.0.1:${port}`;
    await this.waitForHealth();
    return this.url;
  }

  async waitForHealth() {
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error(`${this.url}/health did not answer in 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(signal) {
    if (!this.pid || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try { process.kill(this.pid, signal); } catch { /* gone already */ }
  }

  async stop() {
    if (!this.child) return { code: 0 };
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 10000);
    const result = await this.exited;
    clearTimeout(timer);
    rmSync(this.dir, { recursive: true, force: true });
    return { ...result, stderr: this.stderr };
  }
}

export const viewports = {
  desktop: { width: 1280, height: 800 },
  // The narrowest phone in common use (iPhone SE, mini): nothing on any page
  // may need a horizontal scroll here.
  phone: { width: 375, height: 812 },
};

// Every page the suite sees goes through visit(): axe with the WCAG 2.1 A
// and AA rules and a full-page PNG at both widths, and at phone width the
// page must not be wider than the screen (a wide table stacks its rows).
// Findings are collected per test so each test fails with all of them
// listed.
export class Checker {
  constructor(AxeBuilder, screenshotDir) {
    this.AxeBuilder = AxeBuilder;
    this.dir = screenshotDir;
    mkdirSync(this.dir, { recursive: true });
    // Only this run's pictures: the names carry a sequence number.
    for (const file of readdirSync(this.dir)) {
      if (file.endsWith('.png')) rmSync(path.join(this.dir, file));
    }
    this.count = 0;
    this.violations = [];
    this.overflows = [];
    this.incomplete = new Map();
    this.pages = 0;
  }

  // `axe: false` only for a page without JavaScript, where axe cannot run
  // (it hangs); the same template is checked with JavaScript elsewhere.
  async visit(page, name, { axe = true } = {}) {
    await page.waitForLoadState('load');
    this.count += 1;
    const stem = `${String(this.count).padStart(2, '0')}-${name}`;
    const original = page.viewportSize();
    for (const [width, size] of Object.entries(viewports)) {
      await page.setViewportSize(size);
      if (axe) await this.analyze(page, `${name} (${width})`);
      if (width === 'phone') {
        const { scrollWidth, innerWidth, boxes } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          // A box that scrolls sideways inside the page (a table in
          // .table-scroll) must at least be reachable with the keyboard.
          boxes: [...document.querySelectorAll('body *')]
              .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) &&
                              el.scrollWidth > el.clientWidth && el.tabIndex < 0)
              .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
        }));
        if (scrollWidth > innerWidth) {
          this.overflows.push(`- [${name}] ${page.url()}: ${scrollWidth} px wide on a ` +
                              `${innerWidth} px screen (${stem}-phone.png)`);
        }
        for (const box of boxes) {
          this.overflows.push(`- [${name}] ${page.url()}: ${box} scrolls sideways and cannot ` +
                              `be focused (${stem}-phone.png)`);
        }
      }
      await page.screenshot({ path: path.join(this.dir, `${stem}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize(original);
  }

  async analyze(page, name) {
    this.pages += 1;
    const results = await new this.AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
    for (const v of results.violations) {
      this.violations.push({ page: name, url: page.url(), ...v });
    }
    // What axe could not decide (e.g. contrast over a background image)
    // is not a failure, but is listed at the end for a person to look at.
    for (const v of results.incomplete) {
      const seen = this.incomplete.get(v.id) ?? { pages: new Set(), targets: new Set() };
      seen.pages.add(name);
      for (const node of v.nodes) seen.targets.add(node.target.join(' '));
      this.incomplete.set(v.id, seen);
    }
  }

  // Throws with every violation seen since the last call, readable in a
  // CTest log: page, rule, impact, what to fix, and each element.
  takeReport() {
    const found = this.violations;
    const overflows = this.overflows;
    this.violations = [];
    this.overflows = [];
    if (found.length === 0 && overflows.length === 0) return;
    const lines = [];
    if (overflows.length > 0) {
      lines.push(`${overflows.length} page(s) scroll sideways at phone width:`, ...overflows);
    }
    if (found.length > 0) lines.push(`${found.length} axe violation(s):`);
    for (const v of found) {
      lines.push(`- [${v.page}] ${v.url}`);
      lines.push(`  ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`);
      for (const node of v.nodes.slice(0, 8)) {
        lines.push(`    ${node.target.join(' ')}: ${node.html.slice(0, 160)}`);
        if (node.failureSummary) {
          lines.push(`      ${node.failureSummary.replace(/\n/g, '\n      ')}`);
        }
      }
    }
    throw new Error(lines.join('\n'));
  }
}
