import { useCallback, useEffect, useRef } from 'react';
import { type Point, SIGNATURE_BOX, signaturePathOf } from '../../shared/api-schemas/signature';
import { Button } from '../ui/button';

/** Points closer than this (box units) to the last one are dropped: the path stays small. */
const MIN_STEP = 3;
/** The canvas is drawn at twice the box's size, so strokes stay sharp on phone screens. */
const DENSITY = 2;

/**
 * A box to sign in with a finger, a pen or a mouse (pointer events), with "Clear". What is
 * drawn is kept in the 600×200 box's integer coordinates whatever the box's size on screen,
 * and handed to `onChange` as the compact SVG path the server checks (src/shared/api-schemas/signature.ts).
 * `touch-action: none` keeps the page from scrolling while the finger signs.
 */
export function SignaturePad({
  onChange,
  disabled,
  labelledBy,
  describedBy,
}: {
  onChange: (path: string) => void;
  disabled?: boolean;
  labelledBy: string;
  describedBy?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef(false);

  const redraw = useCallback(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(DENSITY, 0, 0, DENSITY, 0, 0);
    ctx.clearRect(0, 0, SIGNATURE_BOX.width, SIGNATURE_BOX.height);
    // The line to sign on.
    ctx.strokeStyle = '#c9d2da';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(24, 160);
    ctx.lineTo(SIGNATURE_BOX.width - 24, 160);
    ctx.stroke();
    ctx.strokeStyle = '#1f2933';
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const s of strokes.current) {
      ctx.beginPath();
      for (const [i, [x, y]] of s.entries()) {
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      if (s.length === 1) ctx.lineTo(s[0][0] + 0.1, s[0][1]);
      ctx.stroke();
    }
  }, []);

  useEffect(redraw, [redraw]);

  const pointOf = (e: React.PointerEvent<HTMLCanvasElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect();
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
    return [
      clamp(((e.clientX - r.left) * SIGNATURE_BOX.width) / r.width, SIGNATURE_BOX.width),
      clamp(((e.clientY - r.top) * SIGNATURE_BOX.height) / r.height, SIGNATURE_BOX.height),
    ];
  };
  const report = () => onChange(signaturePathOf(strokes.current));

  return (
    <div className="signature-pad">
      <canvas
        ref={canvas}
        width={SIGNATURE_BOX.width * DENSITY}
        height={SIGNATURE_BOX.height * DENSITY}
        role="img"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        data-testid="signature-pad"
        className={disabled ? 'is-disabled' : undefined}
        onPointerDown={(e) => {
          if (disabled || (e.pointerType === 'mouse' && e.button !== 0)) return;
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          strokes.current.push([pointOf(e)]);
          redraw();
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const stroke = strokes.current[strokes.current.length - 1];
          const p = pointOf(e);
          const last = stroke[stroke.length - 1];
          if (Math.hypot(p[0] - last[0], p[1] - last[1]) < MIN_STEP) return;
          stroke.push(p);
          redraw();
        }}
        onPointerUp={() => {
          if (!drawing.current) return;
          drawing.current = false;
          report();
        }}
        onPointerCancel={() => {
          if (!drawing.current) return;
          drawing.current = false;
          report();
        }}
      />
      <Button
        size="sm"
        variant="ghost"
        disabled={disabled}
        onClick={() => {
          strokes.current = [];
          redraw();
          report();
        }}
      >
        Clear signature
      </Button>
    </div>
  );
}
