/** The text a reader sees in a rendered proposal, one block per line, for golden files. */
export function visibleText(html: string): string {
  return html
    .replace(/<(style|script|title)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<br>/g, ' / ')
    // A cell reads as one line; inline pieces (badges, small print) are separated by a space.
    .replace(/<(t[dh])\b[^>]*>([\s\S]*?)<\/\1>/g, (_, _tag: string, inner: string) => `${inner.replace(/<[^>]+>/g, ' ')} | `)
    .replace(/<(span|small)\b[^>]*>/g, ' ')
    .replace(/<\/(tr|p|div|h1|h2|li|dt|dd|header|section|footer)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').replace(/(\| )+$/, '').trim())
    .filter(Boolean)
    .join('\n') + '\n';
}
