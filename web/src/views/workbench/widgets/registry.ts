import { type Component, defineComponent, h } from 'vue';
import type { WidgetId } from '../layout.ts';
import AlarmsWidget from './AlarmsWidget.vue';
import AppsWidget from './AppsWidget.vue';
import InboxWidget from './InboxWidget.vue';
import LinksWidget from './LinksWidget.vue';

export interface WidgetDefinition {
  id: WidgetId;
  /** i18n key of the card title. */
  title: string;
  component: Component;
  /** Spans two columns on wide screens. */
  wide?: boolean;
}

function inbox(kind: 'todos' | 'messages'): Component {
  return defineComponent({ name: `${kind}-widget`, setup: () => () => h(InboxWidget, { kind }) });
}

/** Every widget the workbench can show. */
export const widgetRegistry: Record<WidgetId, WidgetDefinition> = {
  todos: { id: 'todos', title: 'workbench.widgets.todos', component: inbox('todos') },
  messages: { id: 'messages', title: 'workbench.widgets.messages', component: inbox('messages') },
  apps: { id: 'apps', title: 'workbench.widgets.apps', component: AppsWidget, wide: true },
  links: { id: 'links', title: 'workbench.widgets.links', component: LinksWidget },
  alarms: { id: 'alarms', title: 'workbench.widgets.alarms', component: AlarmsWidget },
};
