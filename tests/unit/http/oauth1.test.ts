/**
 * OAuth 1.0a signing (RFC 5849) against X's own worked example ("Creating a
 * signature", developer.x.com) and the RFC's encoding rules, and against the
 * oauth-1.0a signer from npm, which X clients use.
 */
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { describe, expect, it } from 'vitest';
import {
  baseStringUri,
  hmacSha1Signature,
  parseOAuthHeader,
  percentEncode,
  signatureBaseString,
} from '@/server/http/x/oauth1';

describe('OAuth 1.0a signature', () => {
  it("reproduces X's documented example signature", () => {
    const params: Array<[string, string]> = [
      ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
      ['include_entities', 'true'],
      ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
      ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
      ['oauth_version', '1.0'],
    ];
    const base = signatureBaseString('post', 'https://api.twitter.com/1.1/statuses/update.json', params);
    expect(base).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(hmacSha1Signature(base, 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE')).toBe(
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
    );
  });

  it('encodes as RFC 3986 unreserved, sorts by name then value, keeps repeats', () => {
    expect(percentEncode("a b!*'()~-._")).toBe('a%20b%21%2A%27%28%29~-._');
    expect(percentEncode('é')).toBe('%C3%A9');
    const base = signatureBaseString('GET', 'http://h/p', [
      ['b', '2'],
      ['a', 'z'],
      ['a', 'y'],
      ['a1', 'x'],
    ]);
    expect(decodeURIComponent(base.split('&')[2]!)).toBe('a=y&a=z&a1=x&b=2');
  });

  it('builds the base URI without the default port, query or fragment, host in lower case', () => {
    expect(baseStringUri('HTTP://Example.COM:80', '/r%20v/X?id=1')).toBe('http://example.com/r%20v/X');
    expect(baseStringUri('https://www.example.net:8080', '/?q=1')).toBe('https://www.example.net:8080/');
    expect(baseStringUri('https://example.com:443', '/1.1/media/upload.json')).toBe('https://example.com/1.1/media/upload.json');
  });

  it('parses the header, drops realm, refuses malformed or repeated parameters', () => {
    const parsed = parseOAuthHeader('OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_signature="r6%2FTJjbCOr97%2F%2BUU0NsvSne7s5g%3D"');
    expect(parsed).toEqual({ params: { oauth_consumer_key: '9djdj82h48djs9d2', oauth_signature: 'r6/TJjbCOr97/+UU0NsvSne7s5g=' } });
    expect(parseOAuthHeader('Bearer abc')).toBeNull();
    expect(parseOAuthHeader(null)).toBeNull();
    expect(parseOAuthHeader('OAuth oauth_nonce=abc')).toBeInstanceOf(Error);
    expect(parseOAuthHeader('OAuth oauth_nonce="a", oauth_nonce="b"')).toBeInstanceOf(Error);
    expect(parseOAuthHeader('OAuth oauth_nonce="%E0%A4%A"')).toBeInstanceOf(Error);
  });

  it('agrees with the oauth-1.0a signer from npm on query and form parameters', () => {
    const oauth = new OAuth({
      consumer: { key: 'ck', secret: 'cs&?' },
      signature_method: 'HMAC-SHA1',
      hash_function: (text, key) => createHmac('sha1', key).update(text).digest('base64'),
    });
    const token = { key: '1-tok', secret: 'ts/+=' };
    const request = {
      url: 'http://127.0.0.1:3100/12/accounts/abc/videos?count=2&video_ids=13_1,13_2',
      method: 'POST',
      data: { title: 'Hello, world & all', description: '☃ snow' },
    };
    const form = { ...request.data }; // authorize() merges the query into request.data
    const signed = oauth.authorize(request, token);
    const header = parseOAuthHeader(oauth.toHeader(signed).Authorization);
    if (!header || header instanceof Error) throw new Error('header did not parse');
    const { oauth_signature: signature, ...protocol } = header.params;
    const url = new URL(request.url);
    const params: Array<[string, string]> = [...url.searchParams, ...Object.entries(protocol), ...Object.entries(form)];
    const base = signatureBaseString('POST', baseStringUri(url.origin, url.pathname), params);
    expect(hmacSha1Signature(base, 'cs&?', 'ts/+=')).toBe(signature);
  });
});
