// "Try it" for the IMDB model: type (or paste) a review and see the positive-sentiment
// probability from the dense and from the pruned model side by side, with the words the
// vocabulary does not know marked. The box holds at most MAX_REVIEW_CHARS characters (a
// longer paste is cut as it arrives, and the page says so) and only the first words are
// drawn, so no paste can freeze the page, then or at each later keystroke.

import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../kit/format';
import { MAX_REVIEW_CHARS } from '../../protocol/calls';
import type { ReviewScores } from '../../protocol/results';

/** Fewer known words than this and the scores mean little: the page says so. */
export const MIN_KNOWN_WORDS = 3;

interface ReviewBoxProps {
  readonly trained: boolean;
  readonly scores: ReviewScores | null;
  /** The model on screen (its view number): scores are refreshed when it changes. */
  readonly modelVersion: number | null;
  readonly sparsity: number | null;
  readonly onScore: (text: string) => void;
}

export const SAMPLE_REVIEW =
  'A wonderful film with a brilliant cast. The story was moving and the ending was perfect, although the middle dragged a little.';

/** "positive 47.0 %" / "negative 53.0 %": the verdict and the probability of that verdict. */
export function verdictText(p: number | null): string {
  if (p === null) return '—';
  return p >= 0.5 ? `positive ${(p * 100).toFixed(1)}%` : `negative ${((1 - p) * 100).toFixed(1)}%`;
}

function Score({ label, p, testid, help }: { label: string; p: number | null; testid: string; help: string }) {
  return (
    <div className="metric">
      <span className="metric-label">{label}</span>
      <span className="metric-value small" data-testid={testid} data-positive={p ?? ''}>
        {verdictText(p)}
      </span>
      <span className="metric-help">{help}</span>
    </div>
  );
}

type Token = ReviewScores['tokens'][number];
const tokenClass = (t: Token) => (!t.known ? 'tok unknown' : t.removed ? 'tok removed' : 'tok');
const tokenTitle = (t: Token) => (!t.known ? 'not in the 10,000-word vocabulary' : t.removed ? 'its embedding row is pruned in the model on screen' : undefined);

export function ReviewBox({ trained, scores, modelVersion, sparsity, onScore }: ReviewBoxProps) {
  const [text, setText] = useState(SAMPLE_REVIEW);
  // The length of the last text that did not fit, until the box is edited back under the cap.
  const [cutFrom, setCutFrom] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const change = (value: string) => {
    if (value.length > MAX_REVIEW_CHARS) setCutFrom(value.length);
    else if (value.length < MAX_REVIEW_CHARS) setCutFrom(null);
    setText(value.slice(0, MAX_REVIEW_CHARS));
  };

  // Re-score whenever the text or the model on screen changes.
  useEffect(() => {
    if (!trained) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => onScore(text.slice(0, MAX_REVIEW_CHARS)), 150);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [text, trained, modelVersion, onScore]);

  const unknown = scores ? scores.words - scores.known : 0;
  // An empty box has no score: the model would only report its bias.
  const empty = text.trim() === '' || scores?.words === 0;
  const few = scores !== null && !empty && scores.known < MIN_KNOWN_WORDS;
  return (
    <div className="review-box">
      <label htmlFor="review-input">Type or paste a movie review (at most {formatCount(MAX_REVIEW_CHARS)} characters)</label>
      <textarea id="review-input" data-testid="review-input" rows={4} value={text} onChange={(e) => change(e.currentTarget.value)} disabled={!trained} />
      {cutFrom !== null && (
        <p className="note" data-testid="review-cut" role="status">
          Only the first {formatCount(MAX_REVIEW_CHARS)} characters of this {formatCount(cutFrom)}-character text were kept: the box holds no more.
        </p>
      )}
      <div className="review-scores">
        <Score label="Dense model" p={trained && scores && !empty ? scores.dense : null} testid="review-dense-score" help={!trained ? 'train the model first' : empty ? 'type a review' : 'the trained, unpruned network'} />
        <Score
          label="Pruned model"
          p={trained && scores && !empty ? scores.pruned : null}
          testid="review-pruned-score"
          help={trained && sparsity !== null ? `the model on screen, ${(sparsity * 100).toFixed(1)}% zeros` : ''}
        />
      </div>
      {few && (
        <p className="warning" data-testid="review-warning" role="alert">
          Only {scores?.known ?? 0} of these {formatCount(scores?.words ?? 0)} words are in the 10,000-word vocabulary: the model cannot judge this text, so its score means little.
        </p>
      )}
      {scores && !empty && scores.tokens.length > 0 && (
        <p className="review-tokens" aria-label="words as the model sees them">
          {scores.tokens.map((t, i) => (
            <span key={i} className={tokenClass(t)} title={tokenTitle(t)}>
              {t.word}
            </span>
          ))}
          <span className="metric-help" data-testid="review-word-counts">
            {' '}
            {formatCount(scores.words)} words{scores.words > scores.tokens.length ? ` (the first ${formatCount(scores.tokens.length)} shown)` : ''}, {formatCount(unknown)} unknown (struck
            through: not in the vocabulary, they count as one shared “unknown” token), {formatCount(scores.removed)} removed by pruning (dashed: their embedding row is
            pruned, so the pruned model reads them as zeros)
          </span>
        </p>
      )}
    </div>
  );
}
