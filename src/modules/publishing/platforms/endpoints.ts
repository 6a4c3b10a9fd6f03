/** Where each platform's API and OAuth pages are: the real hosts by default, the simulator in tests. */
export interface PlatformEndpoints {
  x: {
    /** API host: /2/tweets, /2/media/upload…, /2/users/me, /2/oauth2/token. */
    apiBaseUrl: string;
    /** The consent page people are sent to. */
    authorizeUrl: string;
  };
  linkedin: {
    /** API host: /rest/posts, /rest/images, /rest/videos, /v2/userinfo. */
    apiBaseUrl: string;
    /** OAuth host and path: {base}/authorization, {base}/accessToken, {base}/revoke. */
    oauthBaseUrl: string;
    /** `LinkedIn-Version` header (YYYYMM). */
    version: string;
    /** Scopes asked at consent (the products the LinkedIn app has decide which it may ask). */
    scopes: string[];
  };
  facebook: {
    /** Graph API host, for Facebook Pages and Instagram (Facebook Login): {base}/{version}/… */
    graphBaseUrl: string;
    graphVersion: string;
    /** Host of the Login dialog: {base}/{version}/dialog/oauth. */
    dialogBaseUrl: string;
  };
}

export const realEndpoints: PlatformEndpoints = {
  x: { apiBaseUrl: 'https://api.x.com', authorizeUrl: 'https://x.com/i/oauth2/authorize' },
  linkedin: {
    apiBaseUrl: 'https://api.linkedin.com',
    oauthBaseUrl: 'https://www.linkedin.com/oauth/v2',
    version: '202603',
    scopes: [
      'openid',
      'profile',
      'w_member_social',
      'r_member_social',
      'w_organization_social',
      'r_organization_social',
      'rw_organization_admin',
    ],
  },
  facebook: {
    graphBaseUrl: 'https://graph.facebook.com',
    graphVersion: 'v25.0',
    dialogBaseUrl: 'https://www.facebook.com',
  },
};

/** `base` + `path` with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
