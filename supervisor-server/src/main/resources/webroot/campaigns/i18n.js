'use strict';
/* The campaigns page's words in both languages (common/lang.js picks one). */
const I18N = {
  en: {
    title: 'Campaigns', username: 'Username', password: 'Password', login: 'Log in', logout: 'Log out',
    langToggle: '中文', loginFailed: 'Wrong username or password.', loginError: 'Login failed: {message}',
    sessionExpired: 'Your session ended: log in again.', noRights: 'Agents work campaigns on the agent desktop.',
    campaign: 'Campaign', target: 'Queue / team', hours: 'Calling hours', outcomes: 'Outcomes', pending: 'Pending',
    preview: 'In preview', done: 'Done', skipped: 'Skipped', importTitle: 'Import a call list (CSV)',
    importHint: 'Header number,name,title,notes; UTF-8. Duplicates and do-not-call numbers are skipped and listed.',
    importButton: 'Import', imported: 'Imported', duplicates: 'Duplicates', doNotCall: 'Do-not-call',
    rejected: 'Rejected', line: 'Line', field: 'Field', why: 'Why', noFile: 'Choose a CSV file first.',
    figuresTitle: 'Figures', day: 'Day', show: 'Show', agent: 'Agent', dials: 'Dialled', successes: 'Successes',
    skips: 'Skipped', outcomesN: 'Outcomes', conversion: 'Conversion rate', allAgents: 'All agents',
    noFigures: 'Nothing that day.', onlyAdmins: 'Only admins import call lists.', failed: 'Not done: {message}',
    readOnly: 'Campaigns are defined in conf/campaigns.yaml (outbound.campaigns).'
  },
  'zh-CN': {
    title: '外呼任务', username: '用户名', password: '密码', login: '登录', logout: '退出', langToggle: 'English',
    loginFailed: '用户名或密码错误。', loginError: '登录失败:{message}', sessionExpired: '会话已结束,请重新登录。',
    noRights: '坐席请在坐席桌面上做外呼任务。', campaign: '任务', target: '队列 / 班组', hours: '呼叫时段',
    outcomes: '结果', pending: '待拨', preview: '处理中', done: '已完成', skipped: '已跳过',
    importTitle: '导入名单(CSV)', importHint: '表头 number,name,title,notes;UTF-8。重复号码和免打扰号码将被跳过并列出。',
    importButton: '导入', imported: '已导入', duplicates: '重复', doNotCall: '免打扰', rejected: '错误',
    line: '行', field: '字段', why: '原因', noFile: '请先选择 CSV 文件。', figuresTitle: '统计', day: '日期',
    show: '查询', agent: '坐席', dials: '外呼量', successes: '成功量', skips: '跳过', outcomesN: '结果数',
    conversion: '成功率', allAgents: '全部坐席', noFigures: '当天没有数据。', onlyAdmins: '只有管理员可以导入名单。',
    failed: '未完成:{message}', readOnly: '外呼任务在 conf/campaigns.yaml(outbound.campaigns)中配置。'
  }
};
