/**
 * Finds words written straight into components instead of coming from web/src/strings: text
 * between tags of an html`` template, label-like attributes, and sentence-like string literals.
 * Interpolations (`${…}`) are skipped, so a value from the catalogue never counts.
 */
export function wordsInSource(src: string): string[] {
  const found: string[] = [];
  for (const template of htmlTemplates(src)) {
    for (const [, text] of template.matchAll(/>([^<]*)</g)) if (/[A-Za-z]{2,}/.test(text!)) found.push(text!.trim());
    for (const [, , value] of template.matchAll(/\b(aria-label|placeholder|title|alt|label)="([^"]*)"/g))
      if (/[A-Za-z]{2,}/.test(value!)) found.push(value!);
  }
  // A capitalised sentence in quotes, outside templates: "Could not open the room."
  for (const [sentence] of src.matchAll(/"[A-Z][a-z]+ [^"\n]*[.…?!]"/g)) found.push(sentence);
  return found;
}

/** The static parts of each html`` template in `src`, with `${…}` removed (nesting counted). */
function htmlTemplates(src: string): string[] {
  const out: string[] = [];
  for (const start of src.matchAll(/html`/g)) {
    let depth = 0;
    let text = "";
    for (let i = start.index + 5; i < src.length; i++) {
      const c = src[i];
      if (depth === 0 && c === "`") break;
      if (src.startsWith("${", i)) {
        depth++;
        i++;
      } else if (depth > 0 && c === "{") depth++;
      else if (depth > 0 && c === "}") depth--;
      else if (depth === 0) text += c;
    }
    out.push(text);
  }
  return out;
}
