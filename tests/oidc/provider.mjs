// A real OpenID provider for the tests (tests/oidc/conftest.py starts it): the certified oidc-provider package (v8,
// which supports Node.js 18 and 20), on the loopback only, with its development login form: any login name is
// accepted and names an account in ACCOUNTS_FILE ({"<sub>": {"email": …, "email_verified": …}}), read at every login
// so that each test can add its own people. One confidential client (the portal), a fresh signing key per run.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const { PORT, ACCOUNTS_FILE, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI } = process.env;
const issuer = `http://127.0.0.1:${PORT}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      post_logout_redirect_uris: [POST_LOGOUT_REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
  cookies: { keys: ['tests-only-cookie-key'], long: { sameSite: 'lax' } },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, sub) {
    const account = JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8'))[sub];
    return account && { accountId: sub, claims: async () => ({ sub, ...account }) };
  },
});

provider.listen(Number(PORT), '127.0.0.1', () => console.log(`test provider at ${issuer}`));
