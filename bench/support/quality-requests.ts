/**
 * Requests for the generation-quality bench, per fixture business, split in two: `tuned` may be
 * looked at while improving the composer; `heldOut` (a third or more) is only ever measured, so the
 * figure on it says how the composer does on requests nobody tuned it on. `about` lists words a
 * reader accepts as on topic besides the request's own; `absent` marks a subject the business's site
 * never mentions.
 */
import type { BusinessSite } from '../../test/support/skills.js';
import type { QualityRequest } from './post-quality.js';

export interface QualitySet {
  tuned: QualityRequest[];
  heldOut: QualityRequest[];
}

export const qualityRequests: Record<BusinessSite, QualitySet> = {
  'crumb-and-co': {
    tuned: [
      { request: 'Spotlight our country sourdough loaf', about: ['bread', 'fermented'] },
      { request: 'A post about our celebration cakes', about: ['birthday', 'wedding', 'cake'] },
      { request: 'Promote the cinnamon buns', about: ['bun', 'pastries'] },
      { request: 'Tell people about local delivery by cargo bike', about: ['deliver', 'postcode'] },
      { request: 'Our sourdough workshop in March', about: ['workshop', 'places', 'banneton'] },
      { request: 'Gift vouchers make a good present', about: ['voucher'] },
      { request: 'A post about our gluten-free options', about: ['gluten'] },
      { request: 'Announce the pumpkin and sage focaccia', about: ['focaccia', 'autumn'] },
      { request: 'Why we use organic British flour', about: ['flour', 'organic', 'millers'] },
      { request: 'Promote our vegan doughnuts', absent: true },
    ],
    heldOut: [
      { request: 'Feature the seeded rye loaf', about: ['rye', 'bread'] },
      { request: 'We only take card payments now', about: ['card', 'pay', 'cash'] },
      { request: 'Dogs are welcome in the café', about: ['dog'] },
      { request: 'Promote our wedding cakes', about: ['tier', 'cake'] },
      { request: 'Advertise our coffee bean subscription', absent: true },
    ],
  },
  'bluepeak-plumbing': {
    tuned: [
      { request: 'A post about our boiler service', absent: true },
      { request: 'Promote drain cleaning', about: ['drain', 'blockage', 'clog'] },
      { request: 'Water heater replacement', about: ['heater', 'tank'] },
      { request: 'Tell people about leak detection', about: ['leak'] },
      { request: 'Explain our warranty', about: ['warranty', 'guarantee', 'repair'] },
      { request: 'Share a customer review', about: ['review', 'star'] },
      { request: 'Our upfront pricing', about: ['price', 'quote', 'charge'] },
      { request: 'We are hiring plumbers', about: ['hiring', 'apprentice', 'journeyman', 'pay'] },
      { request: 'Licensed plumbers you can trust', about: ['license', 'background'] },
      { request: 'Promote our solar panel installation', absent: true },
    ],
    heldOut: [
      { request: 'Sewer line camera inspection', about: ['sewer', 'camera'] },
      { request: 'Tankless water heaters', about: ['tankless', 'heater'] },
      { request: 'Our satisfaction guarantee', about: ['guarantee', 'happy', 'right'] },
      { request: 'Toilet replacement', about: ['toilet'] },
      { request: 'Promote our roof repairs', absent: true },
    ],
  },
  'next-day-steel': {
    tuned: [
      { request: 'Promote the 80 x 80 x 5 mm SHS', about: ['box', 'section', 'hollow', 'shs'] },
      { request: 'Next-day delivery with our crane lorries', about: ['deliver', 'hiab', 'lorry'] },
      { request: 'Universal beams in stock', about: ['beam', 'ub'] },
      { request: 'Mill certificates with every batch', about: ['certificate', 'mill'] },
      { request: 'Our cut to length service', about: ['cut', 'length', 'saw'] },
      { request: 'Trade accounts for fabricators', about: ['trade', 'account', 'credit'] },
      { request: 'We deliver to Dublin and Belfast', about: ['deliver', 'dublin', 'belfast'] },
      { request: 'There is no minimum order', about: ['minimum', 'single', 'length'] },
      { request: 'Our history since 1987', about: ['founded', 'yard', 'walsh'] },
      { request: 'Promote stainless steel sheet', absent: true },
    ],
    heldOut: [
      { request: 'Saturday delivery', about: ['saturday', 'deliver'] },
      { request: 'Angle and flat bar prices', about: ['angle', 'flat', 'bar', 'metre'] },
      { request: 'Shot blasting and painting', about: ['shot', 'blast', 'paint'] },
      { request: 'Free delivery on bigger orders', about: ['free', 'deliver', 'order'] },
      { request: 'Promote aluminium tube', absent: true },
    ],
  },
};
