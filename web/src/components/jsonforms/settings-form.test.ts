import type { JsonSchema } from '@jsonforms/core';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { settle } from '../../test-utils.ts';
import SettingsForm from './SettingsForm.vue';

// The shape of a real app's settings (智慧考勤): text, whole numbers, a switch, a choice, a group.
const schema: JsonSchema = {
  type: 'object',
  required: ['schoolStart'],
  properties: {
    schoolStart: { type: 'string', title: '到校时间', description: '格式 HH:MM', maxLength: 5 },
    lateMinutes: { type: 'integer', title: '迟到判定（分钟）', minimum: 0, maximum: 60 },
    ratio: { type: 'number', title: '出勤率预警线' },
    notifyParents: { type: 'boolean', title: '通知家长' },
    channel: { type: 'string', title: '通知方式', enum: ['站内信', '短信'] },
    gate: {
      type: 'object',
      title: '闸机',
      properties: { vendor: { type: 'string', title: '厂商' } },
    },
  },
};

async function mountForm(data: Record<string, unknown>) {
  const wrapper = mount(SettingsForm, { props: { schema, data }, attachTo: document.body });
  await settle();
  return wrapper;
}

const field = (wrapper: Awaited<ReturnType<typeof mountForm>>, path: string) =>
  wrapper.find(`[data-jf-path="${path}"]`);
const lastChange = (wrapper: Awaited<ReturnType<typeof mountForm>>) => {
  const events = wrapper.emitted('change') ?? [];
  return events[events.length - 1] as [Record<string, unknown>, boolean];
};

describe('settings form (JSON Forms with Element Plus renderers)', () => {
  it('draws each schema type with its Element Plus control, labelled by the schema titles', async () => {
    const wrapper = await mountForm({
      schoolStart: '07:50',
      lateMinutes: 10,
      notifyParents: true,
      channel: '短信',
    });
    expect((field(wrapper, 'schoolStart').element as HTMLInputElement).value).toBe('07:50');
    expect(field(wrapper, 'lateMinutes').classes()).toContain('el-input-number');
    expect(field(wrapper, 'lateMinutes').find('input').element.value).toBe('10');
    expect(field(wrapper, 'ratio').classes()).toContain('el-input-number');
    expect(field(wrapper, 'notifyParents').classes()).toContain('is-checked');
    expect(field(wrapper, 'channel').classes()).toContain('el-select');
    expect(wrapper.text()).toContain('短信');
    // The nested object becomes a titled group with its own control.
    expect(wrapper.find('fieldset legend').text()).toBe('闸机');
    expect(field(wrapper, 'gate.vendor').exists()).toBe(true);
    for (const label of ['到校时间', '迟到判定（分钟）', '通知家长', '通知方式', '厂商'])
      expect(wrapper.text()).toContain(label);
    expect(wrapper.text()).toContain('格式 HH:MM');
    expect(wrapper.text()).not.toContain('No applicable renderer');
    wrapper.unmount();
  });

  it('emits typed values and whether the data validates', async () => {
    const wrapper = await mountForm({ schoolStart: '07:50' });
    expect(lastChange(wrapper)[1]).toBe(true);

    await field(wrapper, 'gate.vendor').setValue('海康');
    await field(wrapper, 'notifyParents').trigger('click');
    await settle();
    expect(lastChange(wrapper)).toEqual([
      { schoolStart: '07:50', gate: { vendor: '海康' }, notifyParents: true },
      true,
    ]);

    // Emptying a required field removes it: the form reports invalid and shows why.
    await field(wrapper, 'schoolStart').setValue('');
    await settle();
    const [data, valid] = lastChange(wrapper);
    expect(data).not.toHaveProperty('schoolStart');
    expect(valid).toBe(false);
    expect(wrapper.find('.el-form-item.is-error').exists()).toBe(true);
    wrapper.unmount();
  });

  it('keeps integers inside the schema bounds and flags stored values the schema refuses', async () => {
    const wrapper = await mountForm({ schoolStart: '07:50:00', lateMinutes: 90 });
    await settle();
    const [data, valid] = lastChange(wrapper);
    // The number input clamps to maximum 60; the over-long time stays and is flagged.
    expect(data['lateMinutes']).toBe(60);
    expect(valid).toBe(false);
    const errors = wrapper.findAll('.el-form-item.is-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text()).toContain('到校时间');
    wrapper.unmount();
  });
});
