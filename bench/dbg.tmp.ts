import { readFileSync } from 'node:fs';
import { extractPage } from '../src/modules/knowledge/extract/extract-page.js';
const [file, url, grep] = process.argv.slice(2);
const page = extractPage(readFileSync(file as string, 'utf8'), url as string);
for (const p of page.structured.products) {
  const line = `${p.name} | ${p.offers.map((o) => `${o.name ?? '-'} ${o.price ?? ''}${o.highPrice ? `–${o.highPrice}` : ''} ${o.currency ?? ''} ${o.availability ?? ''}${o.availabilityText ? ` «${o.availabilityText}»` : ''}${o.referencePrice ? ` ref ${o.referencePrice}` : ''}`).join(' ; ')} [${p.source}]`;
  if (!grep || line.toLowerCase().includes(grep.toLowerCase())) console.log(line);
}
