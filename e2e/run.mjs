// schoolbieb in a real browser: the teacher's and the library's flows,
// driven through Debian's chromium by playwright-core, every page state
// checked with axe (WCAG 2.1 A and AA) and saved as a PNG at desktop and
// phone width.
//
//   node e2e/run.mjs BUILD/schoolbieb SCREENSHOT_DIR
//
// It starts its own server (harness.mjs) and builds nothing. The tests run
// in order and share the server's state: the teacher's uploads are what the
// staff member previews, imports and rejects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Checker, Server, chromiumPath, loadBrowserLibraries, viewports } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [binary, screenshotDir] = process.argv.slice(2);
if (!binary || !screenshotDir) {
  console.error('usage: node e2e/run.mjs PATH/TO/schoolbieb SCREENSHOT_DIR');
  process.exit(2);
}
const studentsCsvPath = path.join(here, '..', 'tests', 'fixtures', 'spreadsheets', 'students.csv');
const studentsCsv = readFileSync(studentsCsvPath);
// The students file without Zoë and Daan, two year-4 students: after the
// full file it would take a third of the school out, so it is held.
const withoutTwo = Buffer.from(studentsCsv.toString('utf8').split('\n')
    .filter((line) => !line.startsWith('000123;') && !line.startsWith('0127;')).join('\n'));

const logins = {
  teacher: ['docent.kievit', 'Kievit-leesplezier-26'],
  staff: ['medewerker', 'Medewerker-demo-2026'],
};

let server;
let browser;
let checker;
let base;
const uploads = {};   // upload ids by the name the suite gave them
let teacher;          // the teacher's page, logged in
let staff;            // the staff member's page, logged in

before(async () => {
  const { chromium, AxeBuilder } = await loadBrowserLibraries();
  server = new Server(binary);
  base = await server.start();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  checker = new Checker(AxeBuilder, screenshotDir);
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    const stopped = await server.stop();
    // Under ASan a leak or an error shows here; the suite reports it.
    if (stopped.code !== 0 && stopped.signal !== 'SIGTERM') {
      console.error(`schoolbieb serve ended with ${stopped.code ?? stopped.signal}:\n` +
                    stopped.stderr.slice(-4000));
      process.exitCode = 1;
    }
  }
  if (checker) {
    console.log(`# ${checker.pages} page states checked with axe; screenshots in ${screenshotDir}`);
    for (const [rule, { pages, targets }] of checker.incomplete) {
      console.log(`# axe could not decide ${rule} (${[...targets].slice(0, 5).join(', ')}) on: ` +
                  [...pages].join(', '));
    }
  }
});

async function newPage() {
  const context = await browser.newContext({ baseURL: base, viewport: viewports.desktop, locale: 'nl-NL' });
  context.setDefaultTimeout(30000);
  return context.newPage();
}

async function logIn(page, [login, password], shot) {
  await page.goto('/login');
  if (shot) await checker.visit(page, shot);
  await page.getByLabel('Gebruikersnaam').fill(login);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

function mainMenu(page) {
  return page.getByRole('navigation', { name: 'Hoofdmenu' });
}

// What the focused element is, for a readable focus order, and whether its
// focus can be seen (an outline of at least 2 px, or a box shadow).
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { name: '(body)', visible: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
    return {
      name: (label || el.textContent || el.value || el.tagName).trim().replace(/\s+/g, ' '),
      tag: el.tagName.toLowerCase(),
      type: el.type || '',
      focusVisible: el.matches(':focus-visible'),
      visible: (outline || shadow) && box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
    };
  });
}

// Tabs until the focused element's name matches; every stop on the way must
// show its focus. Returns the names passed, in order.
async function tabTo(page, match, limit = 40) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(f.name);
    assert.ok(f.visible && f.focusVisible,
              `focus not visible on "${f.name}" (${f.tag}) at ${page.url()}, after ${seen.join(" → ")}`);
    if (typeof match === 'string' ? f.name === match : match.test(f.name)) return seen;
  }
  throw new Error(`"${match}" not reached with Tab at ${page.url()}; passed: ${seen.join(' → ')}`);
}

async function idFrom(page, pattern) {
  const match = page.url().match(pattern);
  assert.ok(match, `unexpected address ${page.url()}`);
  return match[1];
}

test('login page: focus order, visible focus, and a teacher logs in and uploads with the keyboard only', { timeout: 180000 }, async () => {
  const page = await newPage();
  await page.goto('/login');
  await checker.visit(page, 'login');
  const order = await tabTo(page, 'Inloggen');
  const site = (await page.locator('.brand').textContent()).trim();
  assert.deepEqual(order, ['Naar de inhoud', site, 'English',
                           'Gebruikersnaam', 'Wachtwoord', 'Inloggen']);
  const next = await tabTo(page, /Wachtwoord vergeten/);
  assert.equal(next.length, 1, 'after the button comes "Wachtwoord vergeten?"');

  // From the top again: the skip link appears and moves focus to the content.
  await page.goto('/login');
  await page.keyboard.press('Tab');
  await assert.doesNotReject(page.getByRole('link', { name: 'Naar de inhoud' }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Naar de inhoud' }).isVisible());
  await checker.visit(page, 'login-skip-link-focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  await tabTo(page, 'Gebruikersnaam');
  await page.keyboard.type(logins.teacher[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(logins.teacher[1]);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
  await checker.visit(page, 'home-teacher');

  await tabTo(page, 'Upload leerlingbestand');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/upload');
  await tabTo(page, 'Leerlingbestand');
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(studentsCsvPath);
  await tabTo(page, 'Uploaden');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/uploads\/\d+/);
  uploads.keyboard = await idFrom(page, /\/uploads\/(\d+)/);
  await assert.doesNotReject(page.getByText('6 leerlingen in').first().waitFor());
  await checker.visit(page, 'upload-report-keyboard');
  await page.context().close();
  checker.takeReport();
});

test('teacher: upload through the file field and by drag and drop, a refused name, Mijn uploads', { timeout: 180000 }, async () => {
  teacher = await newPage();
  await logIn(teacher, logins.teacher);
  await mainMenu(teacher).getByRole('link', { name: 'Upload leerlingbestand' }).click();
  await teacher.waitForURL('**/upload');
  await checker.visit(teacher, 'upload');

  await teacher.getByLabel('Leerlingbestand').setInputFiles(studentsCsvPath);
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  await teacher.waitForURL(/\/uploads\/\d+/);
  uploads.field = await idFrom(teacher, /\/uploads\/(\d+)/);
  await teacher.getByText('6 leerlingen in').first().waitFor();
  await checker.visit(teacher, 'upload-report');

  // Drag and drop: a file dropped on the zone becomes the field's file.
  await teacher.goto('/upload');
  const dataTransfer = await teacher.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'leerlingen-gesleept.csv', { type: 'text/csv' }));
    return transfer;
  }, studentsCsv.toString('utf8'));
  await teacher.dispatchEvent('#drop-zone', 'dragenter', { dataTransfer });
  await checker.visit(teacher, 'upload-dragging');
  await teacher.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
  assert.equal(await teacher.getByLabel('Leerlingbestand').evaluate((input) => input.files[0]?.name),
               'leerlingen-gesleept.csv');
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  await teacher.waitForURL(/\/uploads\/\d+/);
  uploads.dropped = await idFrom(teacher, /\/uploads\/(\d+)/);
  await teacher.getByText('6 leerlingen in').first().waitFor();

  // A name with punctuation is refused before sending, and says what to do.
  await teacher.goto('/upload');
  await teacher.getByLabel('Leerlingbestand').setInputFiles(
      { name: 'leerlingen (groep 8)!.csv', mimeType: 'text/csv', buffer: studentsCsv });
  const problem = teacher.getByRole('alert');
  await problem.filter({ hasText: 'Haal deze tekens uit de bestandsnaam' }).waitFor();
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  assert.match(await problem.textContent(), /\( \) !/);
  assert.match(teacher.url(), /\/upload$/);
  await checker.visit(teacher, 'upload-name-refused');

  await mainMenu(teacher).getByRole('link', { name: 'Mijn uploads' }).click();
  await teacher.waitForURL('**/uploads');
  for (const id of [uploads.keyboard, uploads.field, uploads.dropped]) {
    await teacher.locator(`a[href="/uploads/${id}"]`).waitFor();
  }
  await checker.visit(teacher, 'my-uploads');
  checker.takeReport();
});

test('teacher without JavaScript: the server refuses the name with punctuation too', { timeout: 180000 }, async () => {
  const context = await browser.newContext({ baseURL: base, viewport: viewports.desktop, javaScriptEnabled: false });
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  await logIn(page, logins.teacher);
  await page.goto('/upload');
  await page.getByLabel('Leerlingbestand').setInputFiles(
      { name: 'leerlingen (groep 8).csv', mimeType: 'text/csv', buffer: studentsCsv });
  await page.getByRole('button', { name: 'Uploaden' }).click();
  await page.getByRole('alert').filter({ hasText: 'leestekens' }).waitFor();
  assert.match(await page.getByRole('alert').textContent(), /"\(", "\)"/);
  assert.match(page.url(), /\/upload$/);
  await checker.visit(page, 'upload-name-refused-server', { axe: false });
  await context.close();
  checker.takeReport();
});

test('staff: preview an upload, filter the changes, import, see the report, undo', { timeout: 180000 }, async () => {
  staff = await newPage();
  await logIn(staff, logins.staff, 'login-before-staff');
  await checker.visit(staff, 'home-staff');
  await mainMenu(staff).getByRole('link', { name: 'Uploads' }).click();
  await staff.waitForURL('**/backoffice/uploads');
  await checker.visit(staff, 'bo-uploads');
  await staff.locator(`a[href="/backoffice/uploads/${uploads.field}"]`).click();
  await checker.visit(staff, 'bo-upload');
  await staff.getByRole('link', { name: 'Bekijk wat er verandert' }).click();
  await staff.waitForURL(/\/preview/);
  await checker.visit(staff, 'bo-preview');

  const filters = staff.getByRole('navigation', { name: 'Filter' });
  await filters.getByRole('link', { name: /^nieuw/ }).click();
  await staff.waitForURL(/filter=new/);
  assert.equal(await filters.getByRole('link', { name: /^nieuw/ }).getAttribute('aria-current'), 'page');
  const kinds = await staff.locator('table.diff tbody tr td:first-child').allTextContents();
  assert.equal(kinds.length, 6);
  assert.ok(kinds.every((k) => k.trim() === 'nieuw'), kinds.join(','));
  await checker.visit(staff, 'bo-preview-filter-new');

  await staff.getByRole('button', { name: 'Importeren' }).click();
  await staff.waitForURL(/\/backoffice\/imports\/\d+/);
  await staff.getByText('uitgevoerd').first().waitFor();
  await checker.visit(staff, 'bo-import-report');

  await staff.getByLabel('Ja, maak deze import ongedaan').check();
  await staff.getByRole('button', { name: 'Ongedaan maken' }).click();
  await staff.getByText('ongedaan gemaakt').first().waitFor();
  await checker.visit(staff, 'bo-import-undone');
  checker.takeReport();
});

test('a held file: its reason, and the override', { timeout: 180000 }, async () => {
  // The full file first, from the drag-and-drop upload.
  await staff.goto(`/backoffice/uploads/${uploads.dropped}/preview`);
  await staff.getByRole('button', { name: 'Importeren' }).click();
  await staff.waitForURL(/\/backoffice\/imports\/\d+/);

  // Then a file without two year-4 students.
  await teacher.goto('/upload');
  await teacher.getByLabel('Leerlingbestand').setInputFiles(
      { name: 'leerlingen-zonder-twee.csv', mimeType: 'text/csv', buffer: withoutTwo });
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  await teacher.waitForURL(/\/uploads\/\d+/);
  uploads.held = await idFrom(teacher, /\/uploads\/(\d+)/);
  await teacher.getByText('4 leerlingen in').first().waitFor();

  await staff.goto(`/backoffice/uploads/${uploads.held}`);
  await staff.getByRole('link', { name: 'Bekijk wat er verandert' }).click();
  await staff.getByText('Deze import is aangehouden').waitFor();
  await checker.visit(staff, 'bo-preview-held');
  // Without the tick the browser does not send the form (the box is required).
  await staff.getByRole('button', { name: 'Importeren' }).click();
  assert.match(staff.url(), /\/preview/);
  await staff.getByLabel('Ik heb de reden gecontroleerd. Importeer toch.').check();
  await staff.getByRole('button', { name: 'Importeren' }).click();
  await staff.waitForURL(/\/backoffice\/imports\/\d+/);
  await staff.getByText('uitgevoerd').first().waitFor();
  await checker.visit(staff, 'bo-import-released');
  checker.takeReport();
});

test('a rejection, and what the teacher then sees', { timeout: 180000 }, async () => {
  await teacher.goto('/upload');
  await teacher.getByLabel('Leerlingbestand').setInputFiles(
      { name: 'leerlingen-vorig-jaar.csv', mimeType: 'text/csv', buffer: studentsCsv });
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  await teacher.waitForURL(/\/uploads\/\d+/);
  uploads.rejected = await idFrom(teacher, /\/uploads\/(\d+)/);

  const reason = 'Dit is het bestand van vorig jaar. Stuur het bestand van dit schooljaar.';
  await staff.goto(`/backoffice/uploads/${uploads.rejected}`);
  await staff.getByLabel('Reden').fill(reason);
  await staff.getByRole('button', { name: 'Wijs het bestand af' }).click();
  await staff.getByText('afgewezen').first().waitFor();
  await checker.visit(staff, 'bo-upload-rejected');

  await teacher.goto('/');
  await mainMenu(teacher).getByRole('link', { name: 'Mijn uploads' }).click();
  const row = teacher.locator('tr', { has: teacher.locator(`a[href="/uploads/${uploads.rejected}"]`) });
  assert.match(await row.textContent(), /afgewezen/);
  assert.ok((await row.textContent()).includes(reason));
  await checker.visit(teacher, 'my-uploads-rejected');
  await row.getByRole('link').click();
  await teacher.getByRole('definition').filter({ hasText: reason }).waitFor();
  await checker.visit(teacher, 'upload-rejected');
  checker.takeReport();
});

test('staff previews, imports and undoes with the keyboard only', { timeout: 180000 }, async () => {
  await teacher.goto('/upload');
  await teacher.getByLabel('Leerlingbestand').setInputFiles(
      { name: 'leerlingen-toetsenbord.csv', mimeType: 'text/csv', buffer: studentsCsv });
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  await teacher.waitForURL(/\/uploads\/\d+/);

  const page = await newPage();
  await page.goto('/login');
  await tabTo(page, 'Gebruikersnaam');
  await page.keyboard.type(logins.staff[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(logins.staff[1]);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
  await tabTo(page, 'Uploads');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/backoffice/uploads');
  await tabTo(page, 'leerlingen-toetsenbord.csv', 80);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/backoffice\/uploads\/\d+$/);
  await tabTo(page, 'Bekijk wat er verandert');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/preview/);
  await tabTo(page, /^Alle \(\d+\)$/, 80);
  await page.keyboard.press('Enter');
  await page.waitForURL(/filter=all/);
  await checker.visit(page, 'bo-preview-filter-all-keyboard');
  await tabTo(page, 'Importeren', 80);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/backoffice\/imports\/\d+/);
  await page.getByText('uitgevoerd').first().waitFor();
  await tabTo(page, 'Ja, maak deze import ongedaan', 80);
  await page.keyboard.press('Space');
  assert.ok(await page.getByLabel('Ja, maak deze import ongedaan').isChecked());
  await tabTo(page, 'Ongedaan maken');
  await page.keyboard.press('Enter');
  await page.getByText('ongedaan gemaakt').first().waitFor();
  await checker.visit(page, 'bo-import-undone-keyboard');
  await page.context().close();
  checker.takeReport();
});

test('a held file released and a file rejected with the keyboard only', { timeout: 180000 }, async () => {
  async function teacherUploads(name, buffer) {
    await teacher.goto('/upload');
    await teacher.getByLabel('Leerlingbestand').setInputFiles({ name, mimeType: 'text/csv', buffer });
    await teacher.getByRole('button', { name: 'Uploaden' }).click();
    await teacher.waitForURL(/\/uploads\/\d+/);
    return idFrom(teacher, /\/uploads\/(\d+)/);
  }
  // The full file imported (with the mouse), so that the next one is held.
  const full = await teacherUploads('leerlingen-compleet.csv', studentsCsv);
  await staff.goto(`/backoffice/uploads/${full}/preview`);
  await staff.getByRole('button', { name: 'Importeren' }).click();
  await staff.waitForURL(/\/backoffice\/imports\/\d+/);
  await teacherUploads('leerlingen-twee-minder.csv', withoutTwo);
  await teacherUploads('leerlingen-fout.csv', studentsCsv);

  const page = await newPage();
  await page.goto('/login');
  await tabTo(page, 'Gebruikersnaam');
  await page.keyboard.type(logins.staff[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(logins.staff[1]);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
  await tabTo(page, 'Uploads');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/backoffice/uploads');
  await tabTo(page, 'leerlingen-twee-minder.csv', 80);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/backoffice\/uploads\/\d+$/);
  await tabTo(page, 'Bekijk wat er verandert');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/preview/);
  await page.getByText('Deze import is aangehouden').waitFor();
  await tabTo(page, 'Ik heb de reden gecontroleerd. Importeer toch.', 80);
  await page.keyboard.press('Space');
  await tabTo(page, 'Importeren');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/backoffice\/imports\/\d+/);
  await page.getByText('uitgevoerd').first().waitFor();

  await tabTo(page, 'Uploads');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/backoffice/uploads');
  await tabTo(page, 'leerlingen-fout.csv', 80);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/backoffice\/uploads\/\d+$/);
  await tabTo(page, 'Reden', 80);
  await page.keyboard.type('Verkeerde school. Stuur het bestand van uw eigen school.');
  await tabTo(page, 'Wijs het bestand af');
  await page.keyboard.press('Enter');
  await page.getByText('afgewezen').first().waitFor();
  await checker.visit(page, 'bo-upload-rejected-keyboard');
  await page.context().close();
  checker.takeReport();
});

test('staff: the customer record and its seven tabs', { timeout: 180000 }, async () => {
  await mainMenu(staff).getByRole('link', { name: 'Klanten' }).click();
  await checker.visit(staff, 'bo-customers');
  await staff.getByLabel('Zoek op naam, pasnummer of leerlingnummer').fill('Steekproef');
  await staff.getByRole('button', { name: 'Zoeken' }).click();
  await staff.waitForURL(/q=Steekproef/);
  await checker.visit(staff, 'bo-customers-found');
  await staff.getByRole('link', { name: /Noor/ }).click();
  await staff.waitForURL(/\/backoffice\/customers\/\d+/);
  const tabs = staff.getByRole('navigation', { name: 'Tabbladen van de klantgegevens' }).getByRole('link');
  const labels = await tabs.allTextContents();
  assert.equal(labels.length, 7, labels.join(', '));
  for (const [index, label] of labels.entries()) {
    await tabs.nth(index).click();
    await staff.waitForLoadState('load');
    assert.equal(await tabs.nth(index).getAttribute('aria-current'), 'page');
    assert.equal((await staff.locator('#tab-heading').textContent()).trim(), label.trim());
    await checker.visit(staff, `bo-customer-tab-${index + 1}`);
  }
  checker.takeReport();
});

test('staff: every page of the back office menu', { timeout: 180000 }, async () => {
  for (const name of ['Scholen', 'Uploadrechten', 'Logboek', 'Postvak uit', 'Handleidingen', 'Mijn account']) {
    await mainMenu(staff).getByRole('link', { name }).click();
    await staff.waitForLoadState('load');
    assert.equal(await mainMenu(staff).getByRole('link', { name }).getAttribute('aria-current'), 'page');
    await checker.visit(staff, `bo-${name.toLowerCase().replace(/\s+/g, '-')}`);
  }
  await staff.goto('/backoffice/imports');
  await checker.visit(staff, 'bo-imports');
  checker.takeReport();
});

test('staff: the customer tabs, the language switch and logout with the keyboard only', { timeout: 180000 }, async () => {
  const page = await newPage();
  await page.goto('/login');
  await tabTo(page, 'Gebruikersnaam');
  await page.keyboard.type(logins.staff[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(logins.staff[1]);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
  await tabTo(page, 'Klanten');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/backoffice/customers');
  await tabTo(page, 'Zoek op naam, pasnummer of leerlingnummer');
  await page.keyboard.type('Voorbeeld');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=Voorbeeld/);
  await tabTo(page, /^Zoë/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/backoffice\/customers\/\d+/);
  const tabs = page.getByRole('navigation', { name: 'Tabbladen van de klantgegevens' }).getByRole('link');
  const labels = (await tabs.allTextContents()).map((label) => label.trim());
  assert.equal(labels.length, 7);
  const hrefs = await tabs.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  for (const [index, label] of labels.entries()) {
    await tabTo(page, label);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname + url.search === hrefs[index]);
    await page.waitForLoadState('load');
    assert.equal(await tabs.nth(index).getAttribute('aria-current'), 'page', label);
  }
  await tabTo(page, 'English');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Nederlands' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await checker.visit(page, 'bo-customer-english-keyboard');
  await tabTo(page, 'Nederlands');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'English' }).waitFor();
  await tabTo(page, 'Uitloggen');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Inloggen' }).waitFor();
  await page.context().close();
  checker.takeReport();
});

test('the language switch and logout', { timeout: 180000 }, async () => {
  await teacher.goto('/uploads');
  await teacher.getByRole('link', { name: 'English' }).click();
  await teacher.getByRole('heading', { level: 1, name: 'My uploads' }).waitFor();
  assert.equal(await teacher.getAttribute('html', 'lang'), 'en');
  await checker.visit(teacher, 'my-uploads-english');
  await teacher.goto('/upload');
  await teacher.getByLabel('Student file').waitFor();
  await checker.visit(teacher, 'upload-english');
  await teacher.getByRole('link', { name: 'Nederlands' }).click();
  await teacher.getByRole('heading', { level: 1, name: 'Upload leerlingbestand' }).waitFor();
  assert.equal(await teacher.getAttribute('html', 'lang'), 'nl');

  for (const page of [teacher, staff]) {
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
    await page.goto('/uploads');
    await page.getByRole('button', { name: 'Inloggen' }).waitFor();
  }
  await checker.visit(teacher, 'logged-out');
  checker.takeReport();
});
