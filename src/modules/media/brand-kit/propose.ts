/**
 * Proposes a palette and a logo from the tenant's website, for a person to confirm with
 * `brand_kit.update { acceptProposal }` — never applied on its own.
 *
 * What the knowledge base stores of a crawled page is its Markdown, metadata, JSON-LD facts and image
 * list, not its HTML or CSS. So the proposal combines:
 *   - from the knowledge base: the organisation's JSON-LD `logo` and images whose address or alt text
 *     says "logo", and which pages are the site's home;
 *   - from the live home page, fetched again through safeFetch: `theme-color`, icons, the header's
 *     logo image, inline styles and up to four same-site stylesheets (their colours, weighted by use);
 *   - from the logo image itself: its dominant colours (strong evidence of the brand's colours).
 */
import sharp from 'sharp';
import { describeError } from '../../../core/errors.js';
import type { OperationContext } from '../../../operations/define.js';
import { getPage, listPages } from '../../knowledge/index.js';
import { findAssetRow, type MediaAsset, readBytes, requireRole } from '../assets.js';
import { dominantColours, isNeutral, luminance, parseColour, toHex } from '../colour/colour.js';
import { uploadMedia } from '../library.js';
import { add, cluster, coloursInCss, type WeightedColour } from './css-colours.js';
import { saveProposal } from './service.js';
import type { PaletteColour } from './types.js';

export interface BrandKitProposal {
  palette: Array<PaletteColour & { weight: number; sources: string[] }>;
  logo: { mediaId: string; url: string; source: string } | null;
  site: string | null;
  sources: {
    pagesRead: number;
    stylesheets: string[];
    themeColor: string | null;
    logoCandidates: Array<{ url: string; source: string }>;
  };
  notes: string[];
  proposedAt: string;
}

const MAX_STYLESHEETS = 4;
const STYLESHEET_BYTES = 512 * 1024;

function homeOf(urls: string[]): string | null {
  const parsed = urls
    .map((u) => new URL(u))
    .sort((a, b) => a.pathname.length - b.pathname.length || a.href.length - b.href.length);
  const first = parsed[0];
  return first ? `${first.origin}/` : null;
}

export async function proposeBrandKit(
  ctx: OperationContext,
  input: { url?: string | undefined },
): Promise<BrandKitProposal> {
  requireRole(ctx, 'editor');
  const notes: string[] = [];
  const colours = new Map<string, WeightedColour>();
  const logoCandidates: Array<{ url: string; source: string; rank: number }> = [];
  let pagesRead = 0;

  // 1. The knowledge base: which pages exist, JSON-LD logos and images named "logo".
  const { pages } = await listPages(ctx, { limit: 200 });
  const site = input.url ?? homeOf(pages.map((p) => p.url));
  if (!site) {
    notes.push('no website: crawl the site into the knowledge base (knowledge.crawl) or pass its url');
  }
  const homeish = [...pages]
    .sort((a, b) => new URL(a.url).pathname.length - new URL(b.url).pathname.length)
    .slice(0, 3);
  for (const summary of homeish) {
    const page = await getPage(ctx, summary.id);
    pagesRead++;
    const structured = page.structured as {
      organizations?: Array<{ logo?: string | null }>;
      localBusinesses?: Array<{ logo?: string | null }>;
    };
    for (const org of [...(structured.organizations ?? []), ...(structured.localBusinesses ?? [])]) {
      if (org.logo) logoCandidates.push({ url: org.logo, source: `JSON-LD logo on ${page.url}`, rank: 0 });
    }
    for (const image of page.images) {
      if (/logo/i.test(image.src) || /logo/i.test(image.alt))
        logoCandidates.push({
          url: image.src,
          source: `image "${image.alt || image.src}" on ${page.url}`,
          rank: 2,
        });
    }
  }

  // 2. The live home page: theme-color, icons, header logo, inline and linked CSS.
  const stylesheets: string[] = [];
  let themeColor: string | null = null;
  if (site) {
    try {
      const res = await ctx.app.fetch(site, { ...(ctx.signal ? { signal: ctx.signal } : {}) });
      if (res.ok && (res.contentType ?? '').includes('html')) {
        const { parseHTML } = await import('linkedom');
        const { document } = parseHTML(res.text()) as unknown as { document: Document };
        const base = res.url;
        themeColor = document.querySelector('meta[name="theme-color" i]')?.getAttribute('content') ?? null;
        if (themeColor) add(colours, themeColor, 12, 'theme-color');
        const tile = document
          .querySelector('meta[name="msapplication-TileColor" i]')
          ?.getAttribute('content');
        if (tile) add(colours, tile, 6, 'msapplication-TileColor');
        for (const img of document.querySelectorAll(
          'header img, nav img, img[class*="logo" i], img[id*="logo" i], img[alt*="logo" i], a[class*="logo" i] img',
        )) {
          const src = img.getAttribute('src');
          if (src)
            logoCandidates.push({
              url: new URL(src, base).href,
              source: 'logo image in the home page header',
              rank: 1,
            });
        }
        for (const link of document.querySelectorAll(
          'link[rel~="apple-touch-icon" i], link[rel~="icon" i]',
        )) {
          const href = link.getAttribute('href');
          if (href)
            logoCandidates.push({
              url: new URL(href, base).href,
              source: `icon (${link.getAttribute('rel')})`,
              rank: 3,
            });
        }
        for (const style of document.querySelectorAll('style'))
          coloursInCss(style.textContent ?? '', 'inline style', colours);
        for (const el of document.querySelectorAll('[style]'))
          coloursInCss(`x{${el.getAttribute('style') ?? ''}}`, 'style attribute', colours);
        const origin = new URL(base).origin;
        const hrefs = [...document.querySelectorAll('link[rel~="stylesheet" i][href]')]
          .map((l) => new URL(l.getAttribute('href') as string, base))
          .filter((u) => u.origin === origin)
          .slice(0, MAX_STYLESHEETS);
        for (const href of hrefs) {
          try {
            const css = await ctx.app.fetch(href.href, {
              maxBytes: STYLESHEET_BYTES,
              ...(ctx.signal ? { signal: ctx.signal } : {}),
            });
            if (css.ok) {
              coloursInCss(css.text(), href.pathname, colours);
              stylesheets.push(href.href);
            }
          } catch (error) {
            notes.push(`stylesheet ${href.href} could not be read: ${describeError(error)}`);
          }
        }
      } else {
        notes.push(
          `the home page ${site} answered HTTP ${res.status} ${res.contentType ?? ''}; colours come from the logo only`,
        );
      }
    } catch (error) {
      notes.push(
        `the home page ${site} could not be fetched (${describeError(error)}); colours come from the logo only`,
      );
    }
  }

  // 3. The logo: the best candidate that downloads and is an image; its colours weigh heavily.
  let logo: BrandKitProposal['logo'] = null;
  const seen = new Set<string>();
  for (const candidate of logoCandidates.sort((a, b) => a.rank - b.rank)) {
    if (seen.has(candidate.url) || seen.size >= 5) continue;
    seen.add(candidate.url);
    let asset: MediaAsset;
    try {
      asset = await uploadMedia(ctx, { url: candidate.url, altText: 'logo' }, 'website');
    } catch (error) {
      notes.push(`logo candidate ${candidate.url} skipped: ${describeError(error)}`);
      continue;
    }
    if (asset.kind !== 'image') continue;
    logo = { mediaId: asset.id, url: candidate.url, source: candidate.source };
    const bytes = await readBytes(ctx, await findAssetRow(ctx, asset.id));
    {
      const { data } = await sharp(bytes, { density: 150 })
        .resize(96, 96, { fit: 'inside' })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      for (const c of dominantColours(data, 4)) {
        if (c.share < 0.04) continue;
        add(colours, toHex(c.colour), 20 * c.share, 'logo');
      }
    }
    break;
  }
  if (!logo && logoCandidates.length === 0)
    notes.push('no logo was found on the website; upload one and add it with brand_kit.update');

  // 4. Rank: brand colours by weight; the darkest neutral as the text colour.
  const { brand, neutrals } = cluster([...colours.values()]);
  const roles = ['primary', 'secondary', 'accent'] as const;
  const palette: BrandKitProposal['palette'] = brand.slice(0, 5).map((c, i) => ({
    hex: c.hex,
    weight: Math.round(c.weight * 10) / 10,
    sources: c.sources,
    ...(roles[i] ? { role: roles[i] } : {}),
  }));
  const dark = neutrals
    .map((n) => ({ n, rgb: parseColour(n.hex) }))
    .filter((x) => x.rgb && isNeutral(x.rgb) && luminance(x.rgb.r, x.rgb.g, x.rgb.b) < 0.1)
    .sort((a, b) => b.n.weight - a.n.weight)[0];
  if (dark)
    palette.push({
      hex: dark.n.hex,
      role: 'text',
      weight: Math.round(dark.n.weight * 10) / 10,
      sources: dark.n.sources,
    });
  if (palette.length === 0) notes.push('no brand colours were found; set the palette with brand_kit.update');

  const proposal: BrandKitProposal = {
    palette,
    logo,
    site,
    sources: {
      pagesRead,
      stylesheets,
      themeColor,
      logoCandidates: logoCandidates.slice(0, 10).map(({ url, source }) => ({ url, source })),
    },
    notes,
    proposedAt: ctx.app.clock.iso(),
  };
  await saveProposal(ctx, proposal as unknown as Record<string, unknown>);
  return proposal;
}
