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
  admin: ['beheerder', 'Beheerder-demo-2026'],
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

// Tabs (or with `back`, Shift+Tabs) until the focused element's name
// matches; every stop on the way must show its focus. Returns the names
// passed, in order.
async function tabTo(page, match, { limit = 80, back = false } = {}) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
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

// ---- Steps the flows share ------------------------------------------------

// Keyboard: Tab to a link or button and press Enter (then wait for `url`).
async function activate(page, match, url) {
  await tabTo(page, match);
  await page.keyboard.press('Enter');
  if (url) await page.waitForURL(url);
}

// Keyboard: Tab to a checkbox and tick it with Space.
async function tick(page, label) {
  await tabTo(page, label);
  await page.keyboard.press('Space');
  assert.ok(await page.getByLabel(label).isChecked(), `"${label}" is ticked`);
}

// Keyboard: Tab to a text field and type into it (replacing what it held).
async function typeInto(page, label, text) {
  await tabTo(page, label);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

const isHome = (url) => url.pathname === '/';

// A new browser context, logged in through the form with the keyboard only.
async function keyboardSession([login, password]) {
  const page = await newPage();
  await page.goto('/login');
  await typeInto(page, 'Gebruikersnaam', login);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForURL(isHome);
  return page;
}

// The teacher (mouse) sends a file through the upload form; its upload id.
async function teacherUploads(name, buffer) {
  await teacher.goto('/upload');
  await teacher.getByLabel('Leerlingbestand').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await teacher.getByRole('button', { name: 'Uploaden' }).click();
  await teacher.waitForURL(/\/uploads\/\d+/);
  return idFrom(teacher, /\/uploads\/(\d+)/);
}

// Staff (mouse) import an upload as previewed.
async function staffImports(uploadId) {
  await staff.goto(`/backoffice/uploads/${uploadId}/preview`);
  await staff.getByRole('button', { name: 'Importeren' }).click();
  await staff.waitForURL(/\/backoffice\/imports\/\d+/);
}

// Keyboard: from any back office page to an upload's preview.
async function previewByKeyboard(page, fileName) {
  await activate(page, 'Uploads', '**/backoffice/uploads');
  await activate(page, fileName, /\/backoffice\/uploads\/\d+$/);
  await activate(page, 'Bekijk wat er verandert', /\/preview/);
}

// Keyboard: press the import button on a preview and wait for the report.
async function importByKeyboard(page) {
  await activate(page, 'Importeren', /\/backoffice\/imports\/\d+/);
  await page.getByText('uitgevoerd').first().waitFor();
}

// The row of "Mijn uploads" that links to upload `id`.
function uploadRow(page, id) {
  return page.locator('tr', { has: page.locator(`a[href="/uploads/${id}"]`) });
}

// What the teacher sees of a rejected upload, in the list and on its page.
async function seesRejection(page, id, reason, shot) {
  const row = uploadRow(page, id);
  assert.match(await row.textContent(), /afgewezen/);
  assert.ok((await row.textContent()).includes(reason));
  await checker.visit(page, `my-uploads-rejected${shot}`);
  return row;
}

async function seesRejectionDetail(page, reason, shot) {
  await page.waitForURL(/\/uploads\/\d+$/);
  await page.getByRole('definition').filter({ hasText: reason }).waitFor();
  await checker.visit(page, `upload-rejected${shot}`);
}

// The colour the site header is drawn in, as "rgb(r, g, b)".
function headerColour(page) {
  return page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
}

test('login page: focus order, visible focus, and a teacher logs in and uploads with the keyboard only', { timeout: 180000 }, async () => {
  const page = await newPage();
  await page.goto('/login');
  await checker.visit(page, 'login');
  assert.equal(await headerColour(page), 'rgb(21, 66, 115)', 'the library\'s colour, #154273');
  assert.match(await page.title(), / – Bibliotheek Demostad$/);
  const order = await tabTo(page, 'Inloggen');
  const site = (await page.locator('.brand').textContent()).trim();
  assert.equal(site, 'Bibliotheek Demostad');
  assert.deepEqual(order, ['Naar de inhoud', site, 'English',
                           'Gebruikersnaam', 'Wachtwoord', 'Inloggen']);
  const next = await tabTo(page, /Wachtwoord vergeten/);
  assert.equal(next.length, 1, 'after the button comes "Wachtwoord vergeten?"');
  // Shift+Tab walks the same order back.
  assert.deepEqual(await tabTo(page, 'Gebruikersnaam', { back: true }),
                   ['Inloggen', 'Wachtwoord', 'Gebruikersnaam']);

  // From the top again: the skip link appears and moves focus to the content.
  await page.goto('/login');
  await page.keyboard.press('Tab');
  assert.ok(await page.getByRole('link', { name: 'Naar de inhoud' }).isVisible());
  await checker.visit(page, 'login-skip-link-focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  await typeInto(page, 'Gebruikersnaam', logins.teacher[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(logins.teacher[1]);
  await page.keyboard.press('Enter');
  await page.waitForURL(isHome);
  await checker.visit(page, 'home-teacher');

  await activate(page, 'Upload leerlingbestand', '**/upload');
  // A name with punctuation is refused before sending, with the keyboard too.
  await tabTo(page, 'Leerlingbestand');
  let chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(
      { name: 'leerlingen (groep 8)!.csv', mimeType: 'text/csv', buffer: studentsCsv });
  await page.getByRole('alert').filter({ hasText: 'Haal deze tekens uit de bestandsnaam' }).waitFor();
  await activate(page, 'Uploaden');
  assert.match(page.url(), /\/upload$/);
  // Sending is refused and focus goes back to the file field, visibly.
  const back = await focused(page);
  assert.equal(back.name, 'Leerlingbestand');
  assert.ok(back.visible && back.focusVisible, 'focus visible on the file field');
  await checker.visit(page, 'upload-name-refused-keyboard');

  chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(studentsCsvPath);
  await activate(page, 'Uploaden', /\/uploads\/\d+/);
  uploads.keyboard = await idFrom(page, /\/uploads\/(\d+)/);
  await page.getByText('6 leerlingen in').first().waitFor();
  await checker.visit(page, 'upload-report-keyboard');

  // Mijn uploads lists it; the link leads back to its report.
  await activate(page, 'Mijn uploads', '**/uploads');
  await uploadRow(page, uploads.keyboard).waitFor();
  await checker.visit(page, 'my-uploads-keyboard');
  await activate(page, 'students.csv', `**/uploads/${uploads.keyboard}`);
  await page.getByText('6 leerlingen in').first().waitFor();
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
    await uploadRow(teacher, id).waitFor();
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
  // The full file first, from the drag-and-drop upload; then a file
  // without two year-4 students.
  await staffImports(uploads.dropped);
  uploads.held = await teacherUploads('leerlingen-zonder-twee.csv', withoutTwo);
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
  uploads.rejected = await teacherUploads('leerlingen-vorig-jaar.csv', studentsCsv);

  const reason = 'Dit is het bestand van vorig jaar. Stuur het bestand van dit schooljaar.';
  await staff.goto(`/backoffice/uploads/${uploads.rejected}`);
  await staff.getByLabel('Reden').fill(reason);
  await staff.getByRole('button', { name: 'Wijs het bestand af' }).click();
  await staff.getByText('afgewezen').first().waitFor();
  await checker.visit(staff, 'bo-upload-rejected');

  await teacher.goto('/');
  await mainMenu(teacher).getByRole('link', { name: 'Mijn uploads' }).click();
  const row = await seesRejection(teacher, uploads.rejected, reason, '');
  await row.getByRole('link').click();
  await seesRejectionDetail(teacher, reason, '');
  checker.takeReport();
});

test('staff previews, imports and undoes with the keyboard only', { timeout: 180000 }, async () => {
  await teacherUploads('leerlingen-toetsenbord.csv', studentsCsv);

  const page = await keyboardSession(logins.staff);
  await previewByKeyboard(page, 'leerlingen-toetsenbord.csv');
  await activate(page, /^Alle \(\d+\)$/, /filter=all/);
  await checker.visit(page, 'bo-preview-filter-all-keyboard');
  await importByKeyboard(page);
  await tick(page, 'Ja, maak deze import ongedaan');
  await activate(page, 'Ongedaan maken');
  await page.getByText('ongedaan gemaakt').first().waitFor();
  await checker.visit(page, 'bo-import-undone-keyboard');
  await page.context().close();
  checker.takeReport();
});

test('a held file released and a file rejected with the keyboard only; the teacher finds the rejection with the keyboard only', { timeout: 180000 }, async () => {
  // The full file imported (with the mouse), so that the next one is held.
  await staffImports(await teacherUploads('leerlingen-compleet.csv', studentsCsv));
  await teacherUploads('leerlingen-twee-minder.csv', withoutTwo);
  const wrong = await teacherUploads('leerlingen-fout.csv', studentsCsv);

  const page = await keyboardSession(logins.staff);
  await previewByKeyboard(page, 'leerlingen-twee-minder.csv');
  await page.getByText('Deze import is aangehouden').waitFor();
  await tick(page, 'Ik heb de reden gecontroleerd. Importeer toch.');
  await importByKeyboard(page);

  const reason = 'Verkeerde school. Stuur het bestand van uw eigen school.';
  await activate(page, 'Uploads', '**/backoffice/uploads');
  await activate(page, 'leerlingen-fout.csv', /\/backoffice\/uploads\/\d+$/);
  await typeInto(page, 'Reden', reason);
  await activate(page, 'Wijs het bestand af');
  await page.getByText('afgewezen').first().waitFor();
  await checker.visit(page, 'bo-upload-rejected-keyboard');
  await page.context().close();

  // The teacher: Mijn uploads, the rejected file and its reason, in English
  // and back, and logging out, all with the keyboard.
  const own = await keyboardSession(logins.teacher);
  await activate(own, 'Mijn uploads', '**/uploads');
  await seesRejection(own, wrong, reason, '-keyboard');
  await activate(own, 'leerlingen-fout.csv', `**/uploads/${wrong}`);
  await seesRejectionDetail(own, reason, '-keyboard');
  await activate(own, 'English');
  await own.getByRole('link', { name: 'Nederlands' }).waitFor();
  assert.equal(await own.getAttribute('html', 'lang'), 'en');
  await activate(own, 'Nederlands');
  await own.getByRole('link', { name: 'English' }).waitFor();
  await activate(own, 'Uitloggen');
  await own.getByRole('button', { name: 'Inloggen' }).waitFor();
  await own.context().close();
  checker.takeReport();
});

test('staff: the customer record and its seven tabs', { timeout: 180000 }, async () => {
  await mainMenu(staff).getByRole('link', { name: 'Klanten' }).click();
  await checker.visit(staff, 'bo-customers');
  await staff.getByLabel('Zoek op naam, pasnummer of leerlingnummer').fill('Steekproef');
  await staff.getByRole('button', { name: 'Zoeken' }).click();
  await staff.getByRole('heading', { name: 'Gevonden klanten' }).waitFor();
  // The words searched for (a child's name) never reach the address bar.
  assert.ok(!staff.url().includes('Steekproef'), staff.url());
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
  // From Mijn account to changing the password; a wrong current password
  // is said on the form.
  await staff.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
  await staff.getByRole('heading', { level: 1, name: 'Wachtwoord wijzigen' }).waitFor();
  assert.equal(await mainMenu(staff).getByRole('link', { name: 'Mijn account' }).getAttribute('aria-current'), 'page');
  await checker.visit(staff, 'account-password');
  await staff.getByLabel('Huidig wachtwoord').fill('Niet-het-goede-wachtwoord-26');
  await staff.getByLabel('Nieuw wachtwoord', { exact: true }).fill('Een-nieuwe-zin-voor-de-bieb');
  await staff.getByLabel('Nieuw wachtwoord nog een keer').fill('Een-nieuwe-zin-voor-de-bieb');
  await staff.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
  await staff.getByRole('alert').filter({ hasText: 'Het huidige wachtwoord klopt niet' }).waitFor();
  await checker.visit(staff, 'account-password-wrong');
  await staff.goto('/backoffice/imports');
  await checker.visit(staff, 'bo-imports');
  checker.takeReport();
});

test('staff: the customer tabs, the language switch and logout with the keyboard only', { timeout: 180000 }, async () => {
  const page = await keyboardSession(logins.staff);
  await activate(page, 'Klanten', '**/backoffice/customers');
  await typeInto(page, 'Zoek op naam, pasnummer of leerlingnummer', 'Voorbeeld');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Gevonden klanten' }).waitFor();
  await activate(page, /^Zoë/, /\/backoffice\/customers\/\d+/);
  const tabs = page.getByRole('navigation', { name: 'Tabbladen van de klantgegevens' }).getByRole('link');
  const labels = (await tabs.allTextContents()).map((label) => label.trim());
  assert.equal(labels.length, 7);
  const hrefs = await tabs.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  for (const [index, label] of labels.entries()) {
    await activate(page, label, (url) => url.pathname + url.search === hrefs[index]);
    await page.waitForLoadState('load');
    assert.equal(await tabs.nth(index).getAttribute('aria-current'), 'page', label);
  }
  await activate(page, 'English');
  await page.getByRole('link', { name: 'Nederlands' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await checker.visit(page, 'bo-customer-english-keyboard');
  await activate(page, 'Nederlands');
  await page.getByRole('link', { name: 'English' }).waitFor();
  await activate(page, 'Uitloggen');
  await page.getByRole('button', { name: 'Inloggen' }).waitFor();
  await page.context().close();
  checker.takeReport();
});

test('an admin sets the library\'s name and colour with the keyboard only; a too light colour is refused', { timeout: 180000 }, async () => {
  const page = await keyboardSession(logins.admin);
  await activate(page, 'Naam en kleur', '**/backoffice/library');
  await checker.visit(page, 'bo-library');

  await typeInto(page, 'Kleur', '#77aadd');
  await activate(page, 'Opslaan');
  await page.getByRole('alert').filter({ hasText: 'Deze kleur is te licht' }).waitFor();
  assert.equal(await page.getByLabel('Kleur').getAttribute('aria-invalid'), 'true');
  assert.equal(await headerColour(page), 'rgb(21, 66, 115)', 'the old colour stays');
  await checker.visit(page, 'bo-library-too-light');

  await typeInto(page, 'Naam van de bibliotheek', 'Bibliotheek Kievitstad');
  await typeInto(page, 'Kleur', '#7a1f5c');
  await activate(page, 'Opslaan', /saved=1/);
  await page.getByRole('status').filter({ hasText: 'opgeslagen' }).waitFor();
  assert.equal(await headerColour(page), 'rgb(122, 31, 92)');
  assert.equal((await page.locator('.brand').textContent()).trim(), 'Bibliotheek Kievitstad');
  await checker.visit(page, 'bo-library-saved');
  await page.context().close();

  // Every page follows: the staff member's, and the login page.
  await staff.reload();
  assert.equal(await headerColour(staff), 'rgb(122, 31, 92)');
  const visitor = await newPage();
  await visitor.goto('/login');
  assert.equal(await headerColour(visitor), 'rgb(122, 31, 92)');
  assert.match(await visitor.title(), / – Bibliotheek Kievitstad$/);
  await checker.visit(visitor, 'login-library-colour');
  await visitor.context().close();
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
