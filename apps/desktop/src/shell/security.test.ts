import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isRendererUrl, secureWebPreferences } from './security';

describe('shell security settings', () => {
  it('isolates and sandboxes the renderer, with no Node in any frame or worker', () => {
    const preferences = secureWebPreferences('/app/preload.cjs');
    const required = { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false };
    for (const [key, value] of Object.entries(required))
      expect(preferences[key as keyof typeof required], key).toBe(value);
  });

  it('allows only the renderer’s own scripts and connections: no inline code, eval or remote content', () => {
    const directives = Object.fromEntries(
      contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives['default-src']).toBe("'none'");
    expect(directives['script-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('answers IPC only for frames of the app://renderer origin', () => {
    expect(isRendererUrl('app://renderer/index.html')).toBe(true);
    for (const url of [
      'https://renderer/index.html',
      'app://renderer.evil/x',
      'file:///app/index.html',
      'not a url',
      undefined,
    ]) {
      expect(isRendererUrl(url), String(url)).toBe(false);
    }
  });
});
