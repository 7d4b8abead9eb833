import type { Locator, Page } from 'playwright-core';

/**
 * Draws a wavy stroke across the portal's signature pad: by mouse, or by a finger through
 * CDP touch events (Chromium turns both into the pointer events the pad listens to).
 */
export async function drawSignature(page: Page, pad: Locator, how: 'touch' | 'mouse' = 'mouse') {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const points = Array.from({ length: 24 }, (_, i) => ({
    x: box.x + box.width * (0.1 + (0.8 * i) / 23),
    y: box.y + box.height * (0.5 + 0.3 * Math.sin(i / 2)),
  }));
  if (how === 'mouse') {
    await page.mouse.move(points[0].x, points[0].y);
    await page.mouse.down();
    for (const p of points.slice(1)) await page.mouse.move(p.x, p.y, { steps: 2 });
    await page.mouse.up();
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', p?: { x: number; y: number }) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await touch('touchStart', points[0]);
  for (const p of points.slice(1)) await touch('touchMove', p);
  await touch('touchEnd');
  await cdp.detach();
}

/** Types the full name and signs the estimate open on the page, by mouse. */
export async function signEstimate(page: Page, name: string) {
  await page.getByLabel('Your full name').fill(name);
  await drawSignature(page, page.getByTestId('signature-pad'));
}
