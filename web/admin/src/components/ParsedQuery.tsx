import { describeTerm } from "@forecourt/widget/filters";
import type { Schemas } from "../api/client";

/** What the semantic search read from the query: one chip per recognised term, and what went to similarity. */
export function ParsedQueryChips({ parsed }: { parsed: Schemas["ParsedQuery"] }) {
  return (
    <div className="parsed">
      {parsed.recognized.length === 0 ? (
        <p className="muted">No filters recognised: the whole query was matched by meaning.</p>
      ) : (
        <ul className="chips" aria-label="Recognised filters">
          {parsed.recognized.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: terms are positional
            <li key={i} className="chip" data-field={t.field}>
              <span>{describeTerm(t)}</span> <span className="chip-from">“{t.text}”</span>
            </li>
          ))}
        </ul>
      )}
      {parsed.remainder && parsed.recognized.length > 0 && (
        <p className="muted small">
          Matched by meaning: <q>{parsed.remainder}</q>
        </p>
      )}
    </div>
  );
}
