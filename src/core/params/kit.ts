/**
 * Builders of parameter-table rows (core/paramKit.ts ParamDef), generic over the method ids so a section file can
 * declare its rows without importing config.ts (which imports the sections). The same shapes as config.ts's own.
 */
import type { ParamDef } from '../paramKit';

export const int = <M extends string>(
  id: string,
  label: string,
  help: string,
  methods: readonly M[],
  more: Partial<ParamDef<M>> = {},
): ParamDef<M> => ({
  id,
  label,
  help,
  kind: 'int',
  min: 1,
  methods,
  ...more,
});

export const num = <M extends string>(
  id: string,
  label: string,
  help: string,
  methods: readonly M[],
  more: Partial<ParamDef<M>> = {},
): ParamDef<M> => ({
  id,
  label,
  help,
  kind: 'number',
  min: 0,
  methods,
  ...more,
});

export const choice = <M extends string>(
  id: string,
  label: string,
  help: string,
  methods: readonly M[],
  choices: ParamDef<M>['choices'],
  more: Partial<ParamDef<M>> = {},
): ParamDef<M> => ({ id, label, help, kind: 'choice', choices, methods, ...more });

export const plain = (...values: string[]) => values.map((value) => ({ value, label: value }));
