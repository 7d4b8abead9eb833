-- A boat's live yard status (docs/boat-status.md): the current one on the boat row, so the
-- portal home and the staff profile read it with the boats they already read (one query for
-- every boat of a customer), and each change kept as a timeline row.
ALTER TABLE boats
  ADD COLUMN yard_status text
    CHECK (yard_status IN ('in_water', 'hauled', 'on_hard', 'in_shop', 'in_paint', 'launched', 'in_storage')),
  ADD COLUMN yard_status_at timestamptz;

CREATE TABLE boat_status_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards (id),
  boat_id uuid NOT NULL REFERENCES boats (id),
  status text NOT NULL
    CHECK (status IN ('in_water', 'hauled', 'on_hard', 'in_shop', 'in_paint', 'launched', 'in_storage')),
  note text,
  set_by uuid REFERENCES staff_users (id),
  at timestamptz NOT NULL DEFAULT now()
);

-- A boat's timeline, newest first, by its own key.
CREATE INDEX boat_status_events_boat ON boat_status_events (yard_id, boat_id, at DESC, id DESC);
