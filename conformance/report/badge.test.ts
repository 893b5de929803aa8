import { describe, expect, test } from 'vitest'
import { sampleReport, sampleResult } from '../../test/reportSample.js'
import { toBadge } from './badge.js'

/** A small XML well-formedness check: balanced elements, quoted attributes, known entities, one root. */
function wellFormed(xml: string): { ok: true; root: string } | { ok: false; why: string } {
  const stack: string[] = []
  let root = ''
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g
  for (const m of xml.matchAll(token)) {
    const [, close, name, , selfClosing, text, stray] = m
    if (stray) return { ok: false, why: `malformed tag at ${m.index}` }
    if (text !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(text)) return { ok: false, why: `bad entity in ${text}` }
      if (stack.length === 0 && text.trim()) return { ok: false, why: 'text outside the root' }
      continue
    }
    if (close) {
      if (stack.pop() !== name) return { ok: false, why: `</${name}> closes nothing open` }
    } else {
      if (stack.length === 0 && root) return { ok: false, why: 'two roots' }
      if (stack.length === 0) root = name!
      if (!selfClosing) stack.push(name!)
    }
  }
  return stack.length === 0 && root ? { ok: true, root } : { ok: false, why: `unclosed ${stack.join(', ')}` }
}

const texts = (svg: string) => [...svg.matchAll(/<text [^>]*y="14">([^<]*)<\/text>/g)].map((m) => m[1])

describe('badge', () => {
  test('failures by harm, in red when money is at stake', () => {
    const svg = toBadge(sampleReport())
    expect(wellFormed(svg)).toEqual({ ok: true, root: 'svg' })
    expect(texts(svg)).toEqual(['x402 conformance', '2 funds · 1 access · 1 stale'])
    expect(svg).toContain('fill="#e05d44"')
    expect(svg).toContain('<title>x402 conformance: 2 funds · 1 access · 1 stale</title>')
  })

  test('pass in green', () => {
    const svg = toBadge(sampleReport([sampleResult('ok', 'pass', 'funds'), sampleResult('warned', 'warn', 'hygiene')]))
    expect(wellFormed(svg)).toEqual({ ok: true, root: 'svg' })
    expect(texts(svg)).toEqual(['x402 conformance', 'pass'])
    expect(svg).toContain('fill="#4c1"')
  })

  test('interop failures alone in orange; the badge grows with its message', () => {
    const one = toBadge(sampleReport([sampleResult('peer', 'fail', 'interop')]))
    expect(texts(one)[1]).toBe('1 interop')
    expect(one).toContain('fill="#fe7d37"')
    const width = (svg: string) => Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1])
    expect(width(toBadge(sampleReport()))).toBeGreaterThan(width(one))
  })

  test('self-contained: no external reference, no script', () => {
    const svg = toBadge(sampleReport())
    expect(svg).not.toMatch(/href|<script|@import|url\((?!#)/)
  })

  test('the checker itself refuses malformed XML', () => {
    expect(wellFormed('<svg><g></svg>').ok).toBe(false)
    expect(wellFormed('<svg><text>a & b</text></svg>').ok).toBe(false)
    expect(wellFormed('<svg width=1></svg>').ok).toBe(false)
  })
})
