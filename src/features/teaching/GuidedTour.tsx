// The guided tour: a "Guided tour" button and, while open, a non-modal popover that walks
// through TOUR_STEPS with Back / Next / Close (Esc closes, ←/→ step), highlights the panel in
// question (outline, data-highlighted), keeps what the step asks you to read on screen and
// clear of the popover, and sets the slider for the pruning steps. Steps that need a
// trained model say so and offer to train.

import { useCallback, useEffect, useRef, useState } from 'react';
import { findTourTarget, stepWords, TOUR_STEPS, type TourStep } from './tourSteps';
import { useTourPlacement } from './useTourPlacement';

export interface TourLab {
  readonly trained: boolean;
  /** The model on screen is the shipped one (the trained start), not one trained here. */
  readonly shipped: boolean;
  readonly canTrain: boolean;
  readonly busy: boolean;
  readonly onTrain: () => void;
  /** Puts a step's setting on screen (rate, scope, cap). */
  readonly onSetMethod: (patch: NonNullable<TourStep['method']>) => void;
  readonly onFinetune: () => void;
}

const NOTHING: readonly string[] = [];

/** Outlines the step's target while the step is shown (again once training has finished under it). */
function useHighlight(step: TourStep | null, trained: boolean): void {
  useEffect(() => {
    if (!step) return;
    const el = findTourTarget(document, step.target);
    if (!el) return;
    el.dataset.highlighted = 'true';
    el.classList.add('tour-highlight');
    return () => {
      delete el.dataset.highlighted;
      el.classList.remove('tour-highlight');
    };
  }, [step, trained]);
}

function StepAction({ step, lab }: { step: TourStep; lab: TourLab }) {
  if (step.needsTrained && !lab.trained) {
    return (
      <p className="tour-note">
        This step needs a trained model.{' '}
        {lab.busy ? (
          'Training is under way: wait for the dense accuracy.'
        ) : (
          <button type="button" onClick={lab.onTrain} disabled={!lab.canTrain}>
            Train now
          </button>
        )}
      </p>
    );
  }
  if (step.action === 'train') {
    if (lab.trained) return <p className="tour-note">Trained: the dense accuracy is in the Result panel.</p>;
    return (
      <p className="tour-note">
        <button type="button" className="primary" onClick={lab.onTrain} disabled={!lab.canTrain || lab.busy}>
          Train now
        </button>{' '}
        {lab.busy && 'Training…'}
      </p>
    );
  }
  if (step.action === 'finetune') {
    return (
      <p className="tour-note">
        <button type="button" className="primary" onClick={lab.onFinetune} disabled={lab.busy}>
          Fine-tune 1 epoch
        </button>{' '}
        {lab.busy && 'Working…'}
      </p>
    );
  }
  if (step.method?.rate !== undefined) {
    const scope = step.method.scope === 'global' ? 'global scope' : 'per layer';
    return (
      <p className="tour-note">
        The slider is set to {Math.round(step.method.rate * 100)} %, {scope}
        {step.method.cap ? `, each layer capped at ${Math.round(step.method.cap * 100)} %` : ''}. Drag it yourself to explore.
      </p>
    );
  }
  return null;
}

export function GuidedTour({ lab }: { lab: TourLab }) {
  const [index, setIndex] = useState<number | null>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const applied = useRef('');
  const [layoutTick, setLayoutTick] = useState(0);
  const step = index === null ? null : TOUR_STEPS[index];
  const last = TOUR_STEPS.length - 1;
  const { trained, shipped, busy, onSetMethod } = lab;
  const words = step ? stepWords(step, trained, shipped) : null;

  const close = useCallback(() => {
    setIndex(null);
    applied.current = '';
    startRef.current?.focus();
  }, []);

  useHighlight(step, trained);
  const fallback = useCallback(() => (step ? findTourTarget(document, step.target) : null), [step]);
  useTourPlacement({
    popover: popoverRef,
    body: bodyRef,
    reads: words?.reads ?? null,
    alsoShows: step?.alsoShows ?? NOTHING,
    fallback,
    stepKey: `${index}:${trained}:${shipped}:${layoutTick}`,
  });

  // A pruning step sets its rate once when it opens (or when training finishes under it).
  useEffect(() => {
    if (index === null || !step?.method || !trained || busy) return;
    const key = `${index}`;
    if (applied.current === key) return;
    applied.current = key;
    onSetMethod(step.method);
    setLayoutTick((t) => t + 1); // same render as the new rate: scroll once it has laid out
  }, [index, step, trained, busy, onSetMethod]);

  useEffect(() => {
    if (index !== null) headingRef.current?.focus();
  }, [index]);

  useEffect(() => {
    if (index === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [index, close]);

  const go = (next: number) => setIndex(Math.max(0, Math.min(last, next)));
  return (
    <>
      <button
        ref={startRef}
        type="button"
        data-testid="tour-start"
        aria-expanded={index !== null}
        aria-controls={index !== null ? 'tour-dialog' : undefined}
        onClick={() => (index === null ? setIndex(0) : close())}
      >
        Guided tour
      </button>
      {step && words && index !== null && (
        <div
          ref={popoverRef}
          id="tour-dialog"
          className="tour"
          role="dialog"
          aria-modal="false"
          aria-labelledby="tour-title"
          data-testid="tour-step"
          data-step={index + 1}
          onKeyDown={(e) => {
            const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
            if (inField) return;
            if (e.key === 'ArrowRight' && index < last) go(index + 1);
            if (e.key === 'ArrowLeft' && index > 0) go(index - 1);
          }}
        >
          <p className="tour-count">
            Step {index + 1} of {TOUR_STEPS.length}
          </p>
          <h2 id="tour-title" ref={headingRef} tabIndex={-1}>
            {step.title}
          </h2>
          <div className="tour-body" ref={bodyRef}>
            <p>{words.text}</p>
            {step.formula && <p className="tour-formula">{step.formula}</p>}
            <StepAction step={step} lab={lab} />
          </div>
          <div className="tour-buttons">
            <button type="button" onClick={() => go(index - 1)} disabled={index === 0}>
              Back
            </button>
            {index < last ? (
              <button type="button" className="primary" onClick={() => go(index + 1)}>
                Next
              </button>
            ) : (
              <button type="button" className="primary" onClick={close}>
                Finish
              </button>
            )}
            <button type="button" onClick={close} aria-label="Close the tour">
              Close
            </button>
          </div>
        </div>
      )}
    </>
  );
}
