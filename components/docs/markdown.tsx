/**
 * The little Markdown our OpenAPI descriptions use, inline: `code`,
 * **bold** and [links](…). Anything else is plain text (React escapes it).
 */
import { Fragment } from 'react';

const TOKEN = /(`[^`]+`|\*\*[^*]+\*\*|\[[^\]]+\]\([^)\s]+\))/g;

export function InlineMarkdown({ text }: { text: string }) {
  return (
    <>
      {text.split(TOKEN).map((part, i) => {
        if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
          return (
            <code key={i} className="apiref-code">
              {part.slice(1, -1)}
            </code>
          );
        if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={i}>{part.slice(2, -2)}</strong>;
        const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
        if (link?.[1] && link[2] && /^(https?:|\/|#)/.test(link[2]))
          return (
            <a key={i} href={link[2]} className="text-indigo-700 underline underline-offset-2">
              {link[1]}
            </a>
          );
        return <Fragment key={i}>{part}</Fragment>;
      })}
    </>
  );
}

/** Paragraphs (blank-line separated) of inline Markdown. */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className}>
      {text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i} className="mt-2 first:mt-0">
            <InlineMarkdown text={p} />
          </p>
        ))}
    </div>
  );
}
