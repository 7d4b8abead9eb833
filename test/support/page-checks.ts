import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** The phones the portal is made for first. */
export const PHONES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
] as const;

/** WCAG 2.5.5 (Target Size, enhanced): a pointer target is at least 44 × 44 CSS px. */
export const MIN_TARGET_PX = 44;

const require = createRequire(import.meta.url);
let axeSource: string | null = null;
const axeScript = () => {
  axeSource ??= readFileSync(join(dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');
  return axeSource;
};

/**
 * A browser context the size of a phone, in which axe-core may be injected: the app's
 * Content-Security-Policy refuses inline scripts, so the context bypasses it (the app's own
 * scripts are the same either way). Not `isMobile`: a mobile browser zooms out to show a page
 * wider than the phone, so `window.innerWidth` grows with it and overflow goes unseen.
 */
export function phoneContext(browser: Browser, viewport: { width: number; height: number }) {
  return browser.newContext({ viewport, bypassCSP: true, hasTouch: true });
}

/** How many px the page is wider than the window (0 or less: no horizontal scrolling). */
export const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * Every visible link, button, input, select, textarea and summary smaller than 44 × 44 px,
 * as "120×20 a "PDF"". A control's target includes its labels (a tap on the label works),
 * so a checkbox inside a 44 px tall label passes. WCAG's inline exception holds: a link in
 * a sentence (an inline link with other text in its block) is not counted.
 */
export function smallTapTargets(page: Page, min = MIN_TARGET_PX): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = [];
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]';
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[hidden], [aria-hidden="true"]')) continue;
      const own = el.getBoundingClientRect();
      const labels = 'labels' in el ? [...((el as HTMLInputElement).labels ?? [])] : [];
      const boxes = [own, ...labels.map((l) => l.getBoundingClientRect())];
      if (boxes.every((b) => b.width === 0 || b.height === 0)) continue; // not shown
      if (el.tagName === 'A' && style.display === 'inline') {
        const block = el.parentElement?.closest('p, li, dd, td, div');
        const text = (block?.textContent ?? '').replace(el.textContent ?? '', '').trim();
        if (/[A-Za-z0-9]{2}/.test(text)) continue; // in a sentence: WCAG's inline exception
      }
      const width = Math.max(...boxes.map((b) => b.width));
      const height = Math.max(...boxes.map((b) => b.height));
      if (width + 0.5 < min || height + 0.5 < min) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40);
        const type = el.getAttribute('type');
        found.push(
          `${Math.round(width)}×${Math.round(height)} ${el.tagName.toLowerCase()}${type ? `[${type}]` : ''} "${name}"`,
        );
      }
    }
    return found;
  }, min);
}

/** axe-core's violations on the page as it is now, as "rule (impact): target, target". */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeScript() });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<AxeResults> } }).axe;
    type AxeResults = {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
    };
    const res = await axe.run();
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

/**
 * What is wrong with the page on a phone: horizontal overflow, tap targets under 44 px and
 * axe-core violations, each as a line; `[]` when it is right. `expect(await phoneProblems(page)).toEqual([])`.
 */
export async function phoneProblems(page: Page): Promise<string[]> {
  const overflow = await horizontalOverflow(page);
  return [
    ...(overflow > 0 ? [`overflow: the page is ${overflow} px wider than the window`] : []),
    ...(await smallTapTargets(page)).map((t) => `tap target ${t}`),
    ...(await squeezedNavLinks(page)).map((t) => `squeezed ${t}`),
    ...(await axeViolations(page)).map((v) => `axe ${v}`),
  ];
}

/** Navigation links narrower than their words (the words spill over the next link), as "44 px for 70 px of "Messages"". */
export const squeezedNavLinks = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('nav a')]
      .filter((a) => a.offsetParent !== null && a.scrollWidth > a.clientWidth + 1)
      .map((a) => `${a.clientWidth} px for ${a.scrollWidth} px of "${a.textContent?.trim()}"`),
  );

/**
 * What is wrong with a top bar at a desktop width: navigation links whose words wrap onto a
 * second line, and links drawn over the brand mark, as "wraps: "Yard settings"".
 */
export const topBarProblems = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    const brand = document.querySelector('.topbar .brand')?.getBoundingClientRect();
    for (const a of document.querySelectorAll<HTMLElement>('.topbar nav a')) {
      if (a.offsetParent === null) continue;
      const words = document.createRange();
      words.selectNodeContents(a);
      const lines = new Set([...words.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) problems.push(`wraps: "${a.textContent?.trim()}"`);
      // Only the part the navigation shows: a link scrolled out of it is clipped, not drawn.
      const box = a.getBoundingClientRect();
      const nav = a.closest('nav')!.getBoundingClientRect();
      const [left, right] = [Math.max(box.left, nav.left), Math.min(box.right, nav.right)];
      if (brand && brand.width > 0 && left < right && left < brand.right && right > brand.left) {
        problems.push(`over the brand: "${a.textContent?.trim()}"`);
      }
    }
    return problems;
  });

/** Whether an element lies wholly inside the window horizontally (seen without scrolling sideways). */
export async function insideViewportWidth(page: Page, locator: ReturnType<Page['locator']>) {
  const box = await locator.boundingBox();
  const width = await page.evaluate(() => window.innerWidth);
  return box !== null && box.x >= 0 && box.x + box.width <= width + 0.5;
}
