import {
  isBooleanControl,
  isEnumControl,
  isIntegerControl,
  isNumberControl,
  isObjectControl,
  isOneOfEnumControl,
  isStringControl,
  type JsonFormsRendererRegistryEntry,
  or,
  rankWith,
  uiTypeIs,
} from '@jsonforms/core';
import BooleanControl from './BooleanControl.vue';
import EnumControl from './EnumControl.vue';
import LayoutRenderer from './LayoutRenderer.vue';
import NumberControl from './NumberControl.vue';
import ObjectControl from './ObjectControl.vue';
import StringControl from './StringControl.vue';

/**
 * JSON Forms renderers drawn with Element Plus: string, number, integer, boolean, enum (and
 * oneOf-const), nested objects, and the vertical, horizontal and group layouts. Enums outrank
 * plain strings; anything else falls to JSON Forms' "no applicable renderer" message.
 */
export const elementRenderers: JsonFormsRendererRegistryEntry[] = [
  { tester: rankWith(1, isStringControl), renderer: StringControl },
  { tester: rankWith(1, or(isNumberControl, isIntegerControl)), renderer: NumberControl },
  { tester: rankWith(2, isBooleanControl), renderer: BooleanControl },
  { tester: rankWith(3, or(isEnumControl, isOneOfEnumControl)), renderer: EnumControl },
  { tester: rankWith(2, isObjectControl), renderer: ObjectControl },
  {
    tester: rankWith(1, or(uiTypeIs('VerticalLayout'), uiTypeIs('HorizontalLayout'), uiTypeIs('Group'))),
    renderer: LayoutRenderer,
  },
];
