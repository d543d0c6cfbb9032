// The SVG check of IconPackMixin: inert, self-contained <svg> markup only (no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSvg, SvgError } from './svg.js';

const OK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h24v24H0z" fill="none"/></svg>';

describe('checkSvg', () => {
  it('accepts plain drawing markup, gradients referenced by #id and titles with text', () => {
    assert.equal(checkSvg(`  ${OK}\n`), OK);
    checkSvg(
      '<svg viewBox="0 0 10 10"><title>A &amp; B</title><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>',
    );
    checkSvg("<svg><circle cx='5' cy='5' r=4 /></svg>");
  });

  it('refuses scripts, event handlers and elements outside the allow-list', () => {
    for (const bad of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><rect ONCLICK="x()"/></svg>',
      '<svg/onload=alert(1)>',
      '<svg><foreignObject><div/></foreignObject></svg>',
      '<svg><style>rect{fill:red}</style></svg>',
      '<svg><a href="#x"><rect/></a></svg>',
      '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
      '<svg><image href="#x"/></svg>',
    ])
      assert.throws(() => checkSvg(bad), SvgError, bad);
  });

  it('refuses references outside the icon and obfuscations', () => {
    for (const bad of [
      '<svg><use href="https://evil.example/s.svg#i"/></svg>',
      '<svg><use xlink:href="other.svg#i"/></svg>',
      '<svg><rect fill="url(https://evil.example/x)"/></svg>',
      '<svg><rect style="fill:url(\'http://x/y\')"/></svg>',
      '<svg><rect fill="&#117;rl(http://x)"/></svg>',
      '<svg><rect style="background:javascript:alert(1)"/></svg>',
      '<svg><rect style="@import \'x\'"/></svg>',
    ])
      assert.throws(() => checkSvg(bad), SvgError, bad);
  });

  it('refuses anything that is not one balanced <svg> document', () => {
    for (const bad of [
      '',
      42,
      '<div></div>',
      'x<svg></svg>',
      '<svg></svg><svg></svg>',
      '<svg></svg>trailing',
      '<svg><g></svg>',
      '<svg><g></rect></g></svg>',
      '<?xml version="1.0"?><svg></svg>',
      '<svg><!-- hidden --></svg>',
      '<svg><![CDATA[x]]></svg>',
      '<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>',
      '<svg><rect x="1" <></svg>',
      `<svg>${'a'.repeat(20000)}</svg>`,
    ])
      assert.throws(() => checkSvg(bad), SvgError, String(bad).slice(0, 40));
  });
});
