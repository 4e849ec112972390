// "Copy link": puts the link to exactly this experiment on the clipboard. Where the
// clipboard is unavailable (insecure origin, permission refused) the link appears in a
// read-only, pre-selected text field to copy by hand. What the link cannot carry (the
// weights of a checkpoint) is said beside it.

import { useEffect, useRef, useState } from 'react';

type CopyStatus = 'idle' | 'copied' | 'manual';

export function CopyLink({ link, note = null }: { link: string; note?: string | null }) {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const fieldRef = useRef<HTMLInputElement>(null);

  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setStatus('copied');
    } catch {
      setStatus('manual');
    }
  };

  useEffect(() => {
    if (status === 'manual') fieldRef.current?.select();
    if (status !== 'copied') return;
    const timer = setTimeout(() => setStatus('idle'), 4000);
    return () => clearTimeout(timer);
  }, [status]);

  return (
    <span className="copy-link">
      <button type="button" data-testid="copy-link" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="copy-status">
        {status === 'copied' && 'Link copied.'}
        {status === 'manual' && 'Copy this link:'}
        {status !== 'idle' && note && (
          <span className="copy-note" data-testid="copy-link-note">
            {' '}
            {note}
          </span>
        )}
      </span>
      {status === 'manual' && (
        <input
          ref={fieldRef}
          type="text"
          readOnly
          value={link}
          data-testid="copy-link-field"
          aria-label="Link to this experiment"
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
    </span>
  );
}
