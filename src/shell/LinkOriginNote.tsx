// The page a link opened says, above the panels, what the link was made from when that was
// a checkpoint the link's settings cannot recreate.

import { openedNote } from './linkOrigin';
import type { LinkOrigin } from './urlSchema';

export function LinkOriginNote({ from, restored }: { from: LinkOrigin | null; restored: boolean }) {
  if (!from) return null;
  return (
    <div className="notice notice-info" role="status" data-testid="link-origin-note">
      {openedNote(from, restored)}
    </div>
  );
}
