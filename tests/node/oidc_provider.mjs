// A real OpenID provider (panva's oidc-provider) for the tests, on a free loopback port.
//
//   node oidc_provider.mjs --client-id ID --client-secret SECRET [--redirect-uri URI]
//                          [--claims-in-userinfo-only]
//
// Prints "issuer http://127.0.0.1:PORT" once it listens, then serves until it is killed.
// One confidential client (client_secret_basic, authorization code, PKCE required). Its
// redirect URI defaults to http://127.0.0.1/login/oidc/callback; the client is registered as a
// "native" application so that, as RFC 8252 §7.3 allows for loopback addresses, any port
// matches (the browser tests' live portal listens on a port chosen at random).
//
// Sign-in uses oidc-provider's development interactions: a form with a login name and any
// password. Consent is taken as given, as for a company's own application. The accounts:
import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider, { interactionPolicy } from 'oidc-provider';

export const ACCOUNTS = {
  harriet: { email: 'Harriet.HR@Example.Test', email_verified: true, name: 'Harriet HR' },
  erin: { email: 'erin@example.test', email_verified: true, name: 'Erin Employee' },
  // Claims a colleague's address without having proved it is theirs.
  unverified: { email: 'erin@example.test', email_verified: false, name: 'Not Erin' },
  stranger: { email: 'stranger@example.test', email_verified: true, name: 'Sam Stranger' },
  leo: { email: 'leo@example.test', email_verified: true, name: 'Leo Leaver' },
  // As Microsoft Entra ID signs in a work account: no email_verified, but xms_edov (the tenant
  // owns the email's domain).
  entra: { email: 'erin@example.test', xms_edov: true, name: 'Erin Employee' },
};

const { values: options } = parseArgs({
  options: {
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', default: 'http://127.0.0.1/login/oidc/callback' },
    // As OpenID Connect Core §5.4 has it for the code flow: email and name only from the
    // userinfo endpoint. Without it they are in the ID token too, as Google, Okta and Entra do.
    'claims-in-userinfo-only': { type: 'boolean', default: false },
  },
});
if (!options['client-id'] || !options['client-secret']) {
  console.error('usage: node oidc_provider.mjs --client-id ID --client-secret SECRET');
  process.exit(2);
}

// Consent is taken as given, even for the "native" client (see above), so that a sign-in is
// one form; the checks that matter here (PKCE, state, nonce, tokens) are all still made.
const policy = interactionPolicy.base();
policy.get('consent').checks.remove('native_client_prompt');

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: options['client-id'],
      client_secret: options['client-secret'],
      application_type: 'native',
      redirect_uris: [options['redirect-uri']],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    claims: {
      openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'],
    },
    conformIdTokenClaims: options['claims-in-userinfo-only'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    interactions: { policy },
    cookies: { keys: ['test-only-cookie-key'] },
    async findAccount(_ctx, sub) {
      const account = ACCOUNTS[sub];
      return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'xms_edov', 'name']);
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  console.log(`issuer ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
