/**
 * The media and brand-kit operations, declared once and served as REST, MCP tools and CLI commands
 * (`dify-agent media upload|get|list|delete|render|variants|check|image-prompt|generate-image`,
 * `dify-agent brand-kit get|update|propose`).
 */
import { z } from 'zod';
import { platforms } from '../../core/platforms.js';
import { type AnyOperation, defineOperation, pageCursor } from '../../operations/define.js';
import { BrandKitOutput, LogoRef, PaletteColour, UploadedFont } from './brand-kit/types.js';
import { guardNames } from './guards/types.js';
import { sizeKeys } from './platforms.js';
import { templateNames } from './render/types.js';

/*
 * The implementation (satori, resvg, sharp, colour maths) is loaded on the first media call, so the
 * CLI and the server start without paying for it.
 */
const library = () => import('./library.js');
const graphics = () => import('./graphics.js');
const variants = () => import('./variants.js');
const check = () => import('./check.js');
const kits = () => import('./brand-kit/service.js');

const Platform = z.enum(platforms);
const SizeKey = z
  .enum(sizeKeys)
  .describe(
    'linkedin 1200×627, x 1200×675, facebook 1200×630, instagram_square 1080×1080, instagram_portrait 1080×1350',
  );
const MediaId = z.string().min(1).max(64);
const Colour = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .describe('A CSS colour: #0b3d91, rgb(11 61 145), hsl(…) or a name');
const Focus = z
  .object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })
  .describe("A person's focal point in the photo (0–1 from the left and top); it wins over detected faces");

const BoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

export const MediaAssetSchema = z.object({
  id: z.string(),
  kind: z.enum(['image', 'video', 'gif', 'font']),
  mime: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  sha256: z.string(),
  originalName: z.string().nullable(),
  altText: z.string().nullable(),
  source: z.string().describe('upload, url, render, variant, website, generated or poster'),
  parentId: z.string().nullable().describe('The photo a variant or render was made from'),
  platform: z.string().nullable(),
  variant: z.string().nullable().describe('Size key of a render or variant'),
  metadata: z
    .record(z.string(), z.unknown())
    .describe('Faces, render plan and layout, guard results, video facts, prompt'),
  createdAt: z.string(),
});

const GuardResultSchema = z.object({
  guard: z.enum(guardNames),
  status: z.enum(['pass', 'fixed', 'fail']),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  applicable: z
    .boolean()
    .describe('False when the image has nothing this guard judges (no logo, no palette)'),
  fixes: z.array(z.string()).describe('What the fixers changed, in order'),
});

const ElementSchema = z.object({
  id: z.string(),
  kind: z.enum(['text', 'logo', 'scrim', 'photo', 'background']),
  box: BoxSchema,
  area: BoxSchema.optional(),
  text: z.string().optional(),
  fontSize: z.number().optional(),
  fontWeight: z.number().optional(),
  fontFamily: z.string().optional(),
  color: z.string().optional(),
  role: z.enum(['headline', 'body']).optional(),
});

const GraphicSchema = z.object({
  media: MediaAssetSchema,
  size: SizeKey,
  slide: z.number().int().nullable(),
  passed: z.boolean().describe('Every guard passed or was fixed'),
  guards: z.array(GuardResultSchema),
  elements: z.array(ElementSchema).describe("Every element's box in px"),
  renders: z.number().int(),
});

const ProblemSchema = z.object({ code: z.string(), message: z.string() });

export const uploadMediaOperation = defineOperation({
  name: 'media.upload',
  summary: 'Upload a photo, logo, video, GIF or font',
  description:
    'Give the file as base64 `data` (or a data: URI) or a `url` to fetch. The type is read from the bytes: JPEG, PNG, WebP, AVIF, TIFF, SVG; MP4/MOV video (duration, size, codecs are read); GIF (frames, duration); TTF/OTF/WOFF fonts. From the CLI: `dify-agent media upload --file photo.jpg`.',
  http: { method: 'POST', path: '/media', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    data: z.string().min(1).optional().describe('The file, base64-encoded'),
    url: z.string().url().optional().describe('Fetch the file from this address instead'),
    name: z.string().max(255).optional().describe('Original file name'),
    altText: z.string().max(1000).optional().describe('What the image shows, for screen readers'),
  }),
  output: MediaAssetSchema,
  handler: async (ctx, input) => (await library()).uploadMedia(ctx, input),
});

export const getMediaOperation = defineOperation({
  name: 'media.get',
  summary: 'One media asset, optionally with its bytes (base64)',
  http: { method: 'GET', path: '/media/{id}' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    id: MediaId,
    includeData: z.boolean().default(false).describe('Add the file as base64 `data`'),
  }),
  output: MediaAssetSchema.extend({ data: z.string().optional() }),
  cli: { positional: ['id'] },
  annotations: { idempotent: true },
  handler: async (ctx, input) =>
    (await library()).getMedia(ctx, input.id, { includeData: input.includeData }),
});

export const listMediaOperation = defineOperation({
  name: 'media.list',
  summary: 'Media assets, newest first',
  http: { method: 'GET', path: '/media' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: pageCursor().optional(),
    kind: z.enum(['image', 'video', 'gif', 'font']).optional(),
    source: z.string().optional().describe('upload, url, render, variant, website, generated, poster'),
    parentId: z.string().optional().describe('Only variants and renders made from this photo'),
  }),
  output: z.object({ media: z.array(MediaAssetSchema), nextCursor: z.string().nullable() }),
  annotations: { idempotent: true },
  handler: async (ctx, input) => (await library()).listMedia(ctx, input),
});

export const deleteMediaOperation = defineOperation({
  name: 'media.delete',
  summary: 'Delete a media asset and its file',
  http: { method: 'DELETE', path: '/media/{id}' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({ id: MediaId }),
  output: z.object({ deleted: z.literal(true), id: z.string() }),
  cli: { positional: ['id'] },
  annotations: { destructive: true, idempotent: true },
  handler: async (ctx, input) => (await library()).deleteMedia(ctx, input.id),
});

export const renderMediaOperation = defineOperation({
  name: 'media.render',
  summary: 'Render a post graphic at platform sizes and check it with the seven visual guards',
  description:
    "Lays out a headline, subline and call to action (or carousel slides) over a brand colour, gradient or photo with the brand kit's fonts, palette and logo, at each platform size, then runs the guards (text overlap, safe margin, contrast, logo protection, aspect ratio, brand palette, minimum font size). With fix (default) each failing guard's fixer changes the design and it is rendered again. Each output is stored as media with its guard results and every element's box. From the CLI: `dify-agent media render --headline \"…\" --out ./images` writes the files and prints each guard. `contentId` renders stored content: its top candidate's first sentence as the headline.",
  http: { method: 'POST', path: '/media/render', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    contentId: z.string().optional().describe('Render the text of this stored content'),
    headline: z.string().trim().min(1).max(300).optional(),
    subline: z.string().trim().max(400).optional(),
    cta: z.string().trim().max(80).optional().describe('Call to action line'),
    platform: Platform.optional().describe(
      'Sizes of this platform (default linkedin) unless sizes are given',
    ),
    sizes: z.array(SizeKey).max(5).optional(),
    template: z
      .enum(templateNames)
      .default('headline')
      .describe('headline, photo (full-bleed photo), split (photo half), quote'),
    photoId: MediaId.optional().describe('Background photo (media id)'),
    focus: Focus.optional(),
    background: z
      .object({ colour: Colour.optional(), gradient: z.tuple([Colour, Colour]).optional() })
      .optional(),
    textColour: Colour.optional(),
    fontSize: z
      .number()
      .int()
      .min(8)
      .max(300)
      .optional()
      .describe('Headline px (fixed; otherwise it shrinks to fit)'),
    sublineFontSize: z.number().int().min(8).max(200).optional(),
    textPosition: z.enum(['top', 'center', 'bottom']).optional(),
    align: z.enum(['left', 'center']).optional(),
    logo: z.boolean().default(true).describe("Draw the brand kit's logo"),
    logoId: MediaId.optional(),
    logoCorner: z.enum(['top-left', 'top-right', 'bottom-left', 'bottom-right']).optional(),
    scrim: z.union([z.enum(['auto', 'none']), z.number().min(0).max(1)]).optional(),
    slides: z
      .array(
        z.object({
          headline: z.string().trim().min(1).max(300),
          subline: z.string().trim().max(400).optional(),
          photoId: MediaId.optional(),
        }),
      )
      .min(2)
      .max(10)
      .optional()
      .describe('Carousel slides (2–10), each rendered at every size'),
    altText: z.string().max(1000).optional().describe("Alt text; default: the graphic's words"),
    fix: z.boolean().default(true).describe("Apply the guards' fixers and render again"),
  }),
  output: z.object({ graphics: z.array(GraphicSchema), passed: z.boolean() }),
  examples: [
    {
      summary: 'A LinkedIn graphic',
      input: {
        headline: 'New I-beams in stock',
        subline: 'Cut to length, delivered in 48 hours',
        platform: 'linkedin',
      },
    },
  ],
  handler: async (ctx, input) => (await graphics()).renderGraphics(ctx, input),
});

export const mediaVariantsOperation = defineOperation({
  name: 'media.variants',
  summary: 'Cut a photo to each platform size, keeping faces whole',
  description:
    'Crops the photo to each size (faces first — no face is cut when a crop that keeps it exists — then saliency; a focal point wins), applies the EXIF rotation, strips metadata, encodes a format the platform takes under its byte limit (Instagram JPEG ≤ 8 MB, X ≤ 5 MB) and carries the alt text.',
  http: { method: 'POST', path: '/media/{mediaId}/variants', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    mediaId: MediaId,
    sizes: z.array(SizeKey).max(5).optional(),
    platforms: z
      .array(Platform)
      .max(4)
      .optional()
      .describe('All sizes of these platforms (default all four)'),
    focus: Focus.optional(),
    altText: z.string().max(1000).optional(),
  }),
  output: z.object({
    source: MediaAssetSchema,
    variants: z.array(
      z.object({
        media: MediaAssetSchema,
        size: SizeKey,
        crop: BoxSchema,
        reason: z.string().describe('fits, focus, faces or saliency'),
        facesKept: z.number().int(),
        facesCut: z.number().int(),
        facesTotal: z.number().int(),
        quality: z.number().int().nullable(),
        guards: z.array(GuardResultSchema),
      }),
    ),
    warnings: z.array(z.string()),
  }),
  cli: { positional: ['mediaId'] },
  handler: async (ctx, input) => (await variants()).makeVariants(ctx, input),
});

const CheckOutput = z.object({
  media: MediaAssetSchema,
  platform: Platform,
  size: SizeKey.nullable(),
  passed: z.boolean(),
  guards: z.array(GuardResultSchema),
  problems: z.array(ProblemSchema),
  poster: z.union([z.object({ mediaId: z.string() }), z.object({ message: z.string() })]).optional(),
  fixed: MediaAssetSchema.optional(),
});

export const checkMediaOperation = defineOperation({
  name: 'media.check',
  summary: 'Check an image, video or GIF against a platform',
  description:
    'A rendered graphic gets the seven visual guards again; a photo its ratio, format, bytes and metadata; a video its container, codec, duration, size and resolution; a GIF its frames and bytes. Nothing is stored: media.fix makes the fixed copy.',
  http: { method: 'POST', path: '/media/{mediaId}/check' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ mediaId: MediaId, platform: Platform, size: SizeKey.optional() }),
  output: CheckOutput,
  cli: { positional: ['mediaId'] },
  annotations: { idempotent: true },
  handler: async (ctx, input) => (await check()).checkMedia(ctx, { ...input, fix: false }),
});

export const fixMediaOperation = defineOperation({
  name: 'media.fix',
  summary: 'Check an asset against a platform and store a fixed copy',
  description:
    "Like media.check, then: a rendered graphic that fails is re-rendered through the guards' fixers; a photo of the wrong shape, format or weight is cut to the platform size (faces kept) and re-encoded; a video gets a poster frame when ffmpeg is installed. The copy is returned as `fixed`.",
  http: { method: 'POST', path: '/media/{mediaId}/fix', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({ mediaId: MediaId, platform: Platform, size: SizeKey.optional() }),
  output: CheckOutput,
  cli: { positional: ['mediaId'] },
  handler: async (ctx, input) => (await check()).checkMedia(ctx, { ...input, fix: true }),
});

const ImagePromptSchema = z.object({
  prompt: z.string(),
  negativePrompt: z.string(),
  subject: z.string(),
  style: z.string(),
  composition: z.string(),
  palette: z.array(z.string()),
  aspect: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  modelSize: z.string(),
});

const PromptInput = z.object({
  subject: z.string().trim().min(3).max(500).describe('What the image shows'),
  size: SizeKey.optional(),
  platform: Platform.optional(),
  skillStyle: z.string().trim().max(300).optional().describe("The skill's visual direction"),
  mood: z.string().trim().max(120).optional().describe("Mood words; default: the brand voice's tone"),
  textSpace: z.enum(['left', 'right', 'top', 'bottom', 'none']).optional(),
});

export const imagePromptOperation = defineOperation({
  name: 'media.image_prompt',
  summary: 'Write an image-model prompt from the request, brand kit and skill',
  http: { method: 'POST', path: '/media/image-prompt' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: PromptInput,
  output: ImagePromptSchema.extend({
    imageModel: z.string().describe('IMAGE_MODEL; local means the designed graphic is used'),
  }),
  handler: async (ctx, input) => (await import('./prompts/service.js')).imagePrompt(ctx, input),
});

export const generateImageOperation = defineOperation({
  name: 'media.generate_image',
  summary: 'Generate an image with the configured image model (offline: the designed graphic)',
  description:
    'Builds the prompt (media.image_prompt), calls IMAGE_MODEL (OpenAI Images or an OpenAI-compatible server), stores the image and cuts it to the size. With IMAGE_MODEL=local no model is called: the designed graphic is rendered from the headline (or the subject) instead, and the answer says so.',
  http: { method: 'POST', path: '/media/generate-image', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: PromptInput.extend({
    headline: z.string().trim().max(300).optional().describe('Headline for the offline designed graphic'),
  }),
  output: z.object({
    engine: z.enum(['image-model', 'designed-graphic']),
    model: z.string(),
    note: z.string(),
    prompt: ImagePromptSchema,
    media: MediaAssetSchema,
    original: MediaAssetSchema.optional(),
    guards: z.array(GuardResultSchema),
  }),
  handler: async (ctx, input) => (await import('./prompts/service.js')).generateImageAsset(ctx, input),
});

const BrandKitView = z.object({
  kit: BrandKitOutput,
  proposal: z.record(z.string(), z.unknown()).nullable().describe('The latest website proposal, not applied'),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});

export const getBrandKitOperation = defineOperation({
  name: 'brand_kit.get',
  summary: "The tenant's brand kit (palette, fonts, logos, rules) and the latest proposal",
  http: { method: 'GET', path: '/brand-kit' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({}),
  output: BrandKitView,
  annotations: { idempotent: true },
  handler: async (ctx) => (await kits()).getBrandKit(ctx),
});

export const updateBrandKitOperation = defineOperation({
  name: 'brand_kit.update',
  summary: 'Change the brand kit, or accept the website proposal',
  description:
    'Fields given replace the current ones: palette [{hex, role?, name?}], fonts {heading, body} (bundled Inter, Lora, Montserrat, or an uploaded family), uploadedFonts [{mediaId, family, weight, style}], logos [{mediaId, variant}], logoClearSpace (× logo height), minLogoWidthPx (on a phone), extraMargin, allowNeutrals, imageStyle. acceptProposal {palette, logo} takes the stored proposal in.',
  http: { method: 'PATCH', path: '/brand-kit' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    palette: z.array(PaletteColour).max(16).optional(),
    fonts: z
      .object({ heading: z.string().trim().min(1).max(80), body: z.string().trim().min(1).max(80) })
      .optional(),
    uploadedFonts: z.array(UploadedFont).max(20).optional(),
    logos: z.array(LogoRef).max(10).optional(),
    logoClearSpace: z.number().min(0).max(2).optional(),
    minLogoWidthPx: z.number().min(8).max(400).optional(),
    extraMargin: z.number().min(0).max(0.2).optional(),
    allowNeutrals: z.boolean().optional(),
    imageStyle: z.string().trim().max(300).optional(),
    acceptProposal: z
      .object({ palette: z.boolean().default(false), logo: z.boolean().default(false) })
      .optional(),
  }),
  output: BrandKitView,
  cli: { command: ['brand-kit', 'update'] },
  handler: async (ctx, input) => (await kits()).updateBrandKit(ctx, input),
});

export const proposeBrandKitOperation = defineOperation({
  name: 'brand_kit.propose',
  summary: 'Propose a palette and logo from the website, for a person to confirm',
  description:
    "Reads the crawled pages (JSON-LD logo, images named logo), fetches the home page again for theme-color, icons, the header logo and its CSS colours, and takes the logo's own colours. The proposal is stored beside the kit; accept it with brand_kit.update {acceptProposal: {palette: true, logo: true}}.",
  http: { method: 'POST', path: '/brand-kit/propose' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    url: z.string().url().optional().describe('The site; default: the home page of the crawled pages'),
  }),
  output: z.object({
    palette: z.array(
      z.object({
        hex: z.string(),
        role: z.string().optional(),
        name: z.string().optional(),
        weight: z.number(),
        sources: z.array(z.string()),
      }),
    ),
    logo: z.object({ mediaId: z.string(), url: z.string(), source: z.string() }).nullable(),
    site: z.string().nullable(),
    sources: z.object({
      pagesRead: z.number().int(),
      stylesheets: z.array(z.string()),
      themeColor: z.string().nullable(),
      logoCandidates: z.array(z.object({ url: z.string(), source: z.string() })),
    }),
    notes: z.array(z.string()),
    proposedAt: z.string(),
  }),
  handler: async (ctx, input) => (await import('./brand-kit/propose.js')).proposeBrandKit(ctx, input),
});

export const mediaOperations: readonly AnyOperation[] = [
  uploadMediaOperation,
  getMediaOperation,
  listMediaOperation,
  deleteMediaOperation,
  renderMediaOperation,
  mediaVariantsOperation,
  checkMediaOperation,
  fixMediaOperation,
  imagePromptOperation,
  generateImageOperation,
  getBrandKitOperation,
  updateBrandKitOperation,
  proposeBrandKitOperation,
];
