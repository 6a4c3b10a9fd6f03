import { products } from '../src/modules/knowledge/extract/test-support/page-products.js';
console.log(products(`<h1>Speckled Oatmeal Mug</h1><p>Our everyday mug.</p><p>The 12 oz is C$38 and holds a good coffee. The 16 oz is C$44 and holds a big tea. The 16 oz size is sold out until the February glaze firing.</p>`, 'https://clay.example.ca/mug', 'en-CA'));
