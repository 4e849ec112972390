// "Try it" for the IMDB model: type a review and see the positive-sentiment probability
// from the dense and from the pruned model side by side, with unknown words marked.

import { useEffect, useRef, useState } from 'react';
import type { LabState } from '../../shell/labState';

interface ReviewBoxProps {
  readonly state: LabState;
  readonly onScore: (text: string) => void;
}

export const SAMPLE_REVIEW =
  'A wonderful film with a brilliant cast. The story was moving and the ending was perfect, although the middle dragged a little.';

const pct = (p: number | null) => (p === null ? '—' : `${(p * 100).toFixed(1)}%`);
const verdict = (p: number | null) => (p === null ? '' : p >= 0.5 ? 'positive' : 'negative');

export function ReviewBox({ state, onScore }: ReviewBoxProps) {
  const [text, setText] = useState(SAMPLE_REVIEW);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const trained = state.prune.checkpoints.length > 0;
  const statsId = state.prune.statsId;
  const stats = state.prune.stats;

  // Re-score whenever the text or the pruned weights change (slider, fine-tuning, checkpoint).
  useEffect(() => {
    if (!trained) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => onScore(text), 120);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [text, trained, statsId, stats, onScore]);

  const review = state.review;
  const unknown = review ? review.tokens.filter((t) => !t.known).length : 0;
  return (
    <div className="review-box">
      <label htmlFor="review-input">Type a movie review</label>
      <textarea
        id="review-input"
        data-testid="review-input"
        rows={4}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        disabled={!trained}
      />
      <div className="review-scores">
        <div className="metric">
          <span className="metric-label">Dense model: positive</span>
          <span className="metric-value small" data-testid="review-dense-score">
            {trained && review ? pct(review.dense) : '—'}
          </span>
          <span className="metric-help">{trained && review ? verdict(review.dense) : 'train the model first'}</span>
        </div>
        <div className="metric">
          <span className="metric-label">Pruned model: positive</span>
          <span className="metric-value small" data-testid="review-pruned-score">
            {trained && review ? pct(review.pruned) : '—'}
          </span>
          <span className="metric-help">
            {trained && review ? `${verdict(review.pruned)} at ${stats ? (stats.sparsity * 100).toFixed(1) : 0}% sparsity` : ''}
          </span>
        </div>
      </div>
      {review && review.tokens.length > 0 && (
        <p className="review-tokens" aria-label="tokens as the model sees them">
          {review.tokens.map((t, i) => (
            <span key={i} className={t.known ? 'tok' : 'tok unknown'} title={t.known ? undefined : 'not in the 10,000-word vocabulary'}>
              {t.word}
            </span>
          ))}
          <span className="metric-help">
            {' '}
            {review.tokens.length} words, {unknown} unknown (struck through: not in the vocabulary, they count as one shared
            “unknown” token)
          </span>
        </p>
      )}
    </div>
  );
}
