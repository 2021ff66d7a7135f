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
    sources: 'Campaigns of conf/campaigns.yaml (outbound.campaigns) are read-only here; admins create and edit others below.',
    source: 'Defined in', sourceConfiguration: 'Configuration (read-only)', sourceBrowser: 'Browser', edit: 'Edit',
    defineTitle: 'Create or edit a campaign', newCampaign: 'New campaign', fId: 'Id', fNameZh: 'Name (中文)',
    fNameEn: 'Name (English)', fQueue: 'Queue', fTeam: 'Team', fScript: 'Script', fRetries: 'Retries',
    fSpacing: 'Minutes apart', fStart: 'Calling from', fEnd: 'until', fDnc: 'Do-not-call numbers (one a line)',
    save: 'Save', cancel: 'Close', saved: 'Campaign {id} saved.', wholeCampaign: 'campaign', delete: 'Delete',
    confirmDelete: 'Delete campaign {name}? Its call list and figures are kept, but nobody works it any more.',
    deleted: 'Campaign {id} deleted.', deleteInProgress: 'Not deleted: an agent is working one of its records now ({message}).',
    day_mon: 'Mon', day_tue: 'Tue', day_wed: 'Wed', day_thu: 'Thu', day_fri: 'Fri', day_sat: 'Sat', day_sun: 'Sun'
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
    failed: '未完成:{message}',
    sources: 'conf/campaigns.yaml(outbound.campaigns)中的任务在此只读;管理员可在下方新建和修改其他任务。',
    source: '定义于', sourceConfiguration: '配置文件(只读)', sourceBrowser: '浏览器', edit: '修改',
    defineTitle: '新建或修改外呼任务', newCampaign: '新建任务', fId: '编号', fNameZh: '名称(中文)',
    fNameEn: '名称(English)', fQueue: '队列', fTeam: '班组', fScript: '话术', fRetries: '重拨次数',
    fSpacing: '间隔(分钟)', fStart: '呼叫时段从', fEnd: '到', fDnc: '免打扰号码(每行一个)',
    save: '保存', cancel: '关闭', saved: '任务 {id} 已保存。', wholeCampaign: '任务', delete: '删除',
    confirmDelete: '删除任务 {name}?名单和统计会保留,但不再有人外呼。', deleted: '任务 {id} 已删除。',
    deleteInProgress: '未删除:有坐席正在处理其中的记录({message})。',
    day_mon: '周一', day_tue: '周二', day_wed: '周三', day_thu: '周四', day_fri: '周五', day_sat: '周六', day_sun: '周日'
  }
};
