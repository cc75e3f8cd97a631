import { ErrorWithStackFrame } from '@remotion/renderer';
import { describe, expect, it } from 'vitest';
import { classifyJobError } from '@/server/jobs/errors';
import { isCompositionError, isDelayRenderTimeout, TemplateRenderError } from '@/server/render/renderer';

const stackFrame = { columnNumber: 12, lineNumber: 40, fileName: 'bundle.js', functionName: 'Scene' };
const frames = [{ originalFileName: 'Scene.tsx', originalLineNumber: 12, originalColumnNumber: 4, originalFunctionName: 'Scene', originalScriptCode: null }];

describe('errors from inside the composition', () => {
  it('recognises an exception thrown by a template (symbolicated or not) and a delayRender() timeout', () => {
    const thrown = new ErrorWithStackFrame({
      message: "Cannot read properties of undefined (reading 'map')",
      symbolicatedStackFrames: frames as never,
      frame: 37,
      name: 'TypeError',
      delayRenderCall: null,
      stack: undefined,
      chunk: null,
    });
    expect(isCompositionError(thrown)).toBe(true);
    expect(new TemplateRenderError(thrown).message).toBe(
      "The template failed to render frame 37: Cannot read properties of undefined (reading 'map')",
    );

    const unsymbolicated = Object.assign(new Error('Error: Error loading image with src: data:image/png;base64,iVBOR'), {
      stackFrame: [stackFrame],
      frame: null,
      delayRenderCall: null,
    });
    expect(isCompositionError(unsymbolicated)).toBe(true);
    expect(new TemplateRenderError(unsymbolicated).message).toBe(
      'The template failed to render: Error loading image with src: data:image/png;base64,iVBOR',
    );

    const hung = new ErrorWithStackFrame({
      message: 'A delayRender() "Loading fonts" was called but not cleared after 58000ms. See https://remotion.dev/docs/timeout for help.\nThe delayRender was called at: …',
      symbolicatedStackFrames: null,
      frame: 0,
      name: 'Error',
      delayRenderCall: frames as never,
      stack: undefined,
      chunk: null,
    });
    expect(isCompositionError(hung)).toBe(true);
    expect(new TemplateRenderError(hung).message).toBe(
      'The template failed to render frame 0: A delayRender() "Loading fonts" was called but not cleared after 58000ms. See https://remotion.dev/docs/timeout for help.',
    );
    expect(isCompositionError(new Error('Render was cancelled using cancelRender()'))).toBe(true);
  });

  it('leaves browser and system failures retryable', () => {
    for (const message of ['Protocol error (Runtime.callFunctionOn): Target closed', 'Browser closed', 'ENOSPC: no space left on device']) {
      const err = new Error(message);
      expect(isCompositionError(err)).toBe(false);
      expect(classifyJobError(err)).toMatchObject({ code: 'internal_error', permanent: false });
    }
    expect(isCompositionError('a string')).toBe(false);
  });

  it('recognises a delayRender() that ran out of time (a render timeout when its limit was the render budget)', () => {
    expect(isDelayRenderTimeout(new Error('A delayRender() "Fitting text \"Welcome, Sarah\"" was called but not cleared after 0ms. See https://remotion.dev/docs/timeout for help.'))).toBe(true);
    expect(isDelayRenderTimeout(new Error('Error loading image with src: data:image/png;base64,iVBOR'))).toBe(false);
  });
});
