import { businessSitesSuite } from './support/business-sites-suite.js';

// One of three parts of the labelled business sites (see test/support/business-sites-suite.ts).
businessSitesSuite(1, 3);
