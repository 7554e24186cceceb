/**
 * The sign-in page, the one page served without a session: login.html with login.js and
 * login.css inlined (nothing else may load before sign-in), and the CSP hashes that allow exactly them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loginCsp } from './guard';

export interface LoginPage {
  html: string;
  csp: string;
}

const hash = (text: string) => `sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}`;

export function loginPage(publicDir: string): LoginPage {
  const read = (f: string) => fs.readFileSync(path.join(publicDir, f), 'utf8');
  const script = read('login.js');
  const style = read('login.css');
  if (/<\/(script|style)/i.test(script + style)) throw new Error('login assets must not close their own tag');
  const html = read('login.html').replace('/*login.js*/', () => script).replace('/*login.css*/', () => style);
  return { html, csp: loginCsp(hash(script), hash(style)) };
}
