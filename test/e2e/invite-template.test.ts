import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserApp, describeEachBrowserEngine, startBrowserApp } from '../support/browser-app.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';

/** Staff change the invite wording with a live preview, save it, and go back to the default. */
describeEachBrowserEngine('the invite email template page in a browser', (engine) => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp({ engine, worker: false });
  });
  afterAll(() => app?.close());

  it('edits with placeholders and a live preview, saves, and resets to the default', async () => {
    const db = app.database.db;
    const { yard, staff } = await makeYard(db, 'Harbor Point Marine');
    await makeCustomer(db, yard.id, { first_name: '<b>Ann</b>', last_name: 'Abbott' });

    const page = await (await app.browser.newContext()).newPage();
    await page.goto(`${app.base}/app/customers`);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Invite email' })
      .click();
    await expect.poll(() => page.url()).toContain('/app/settings/invite-email');

    const subject = page.getByLabel('Subject');
    const body = page.getByLabel('Body', { exact: true });
    await expect.poll(() => subject.inputValue()).toBe('{yard_name} invited you to their customer portal');

    // The preview is rendered for the first customer with an email, her name escaped.
    const text = page.getByRole('tabpanel', { name: 'Plain text' });
    await page.getByRole('tab', { name: 'Plain text' }).click();
    await expect.poll(() => text.textContent()).toContain('Hi <b>Ann</b>,');
    const frame = page.getByTitle('Email preview (HTML)');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain('Hi &lt;b&gt;Ann&lt;/b&gt;,');

    // A body without the link is refused inline, with how to fix it.
    await body.fill('Welcome aboard, {customer_first_name}.\n\n');
    await page.getByText('The body must contain {portal_link}, or customers get no way in').waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('You have unsaved changes.').waitFor();

    // A placeholder chip inserts at the cursor.
    await body.press('End');
    await page.getByRole('button', { name: 'Insert {portal_link}' }).click();
    expect(await body.inputValue()).toBe('Welcome aboard, {customer_first_name}.\n\n{portal_link}');
    await expect
      .poll(() => page.getByText('The body must contain {portal_link}').count(), { timeout: 5000 })
      .toBe(0);
    await subject.fill('Your portal at {yard_name}');
    await expect.poll(() => text.textContent()).toContain('Welcome aboard, <b>Ann</b>.');
    await expect
      .poll(() => page.getByTestId('preview-subject').textContent())
      .toBe(`Your portal at ${yard.name}`);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. Invites from now on use this wording.').waitFor();
    const row = await db
      .selectFrom('invite_templates')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .executeTakeFirstOrThrow();
    expect(row.subject).toBe('Your portal at {yard_name}');

    await page.getByRole('button', { name: 'Reset to default' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reset to default' }).click();
    await page.getByText('Back to the default wording.').waitFor();
    expect(await subject.inputValue()).toBe('{yard_name} invited you to their customer portal');
    expect(
      await db.selectFrom('invite_templates').select('yard_id').where('yard_id', '=', yard.id).execute(),
    ).toEqual([]);
  });
});
