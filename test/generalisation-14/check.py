import re,pathlib,sys
AG={'坐席','催收员','催收員','催收','专员','專員','客服','外访员','外訪員','agent','collector','rep'}
RESP={'客户','客戶','债务人','債務人','本人','对方','對方','联系人','聯絡人','聯繫人','家属','家屬','customer','debtor','contact','respondent','注','备注','備註','说明','說明','note'}
MARK=re.compile(r"\s*⟦([^⟧]*)⟧\s*$")
COUR=re.compile(r"请|請|麻烦|麻煩|谢谢|謝謝|您好|感谢|感謝")
for f in sorted(pathlib.Path(sys.argv[1]).glob('*.draft')):
    lines=f.read_text().split('\n')
    node=None;inbody=False;aud=None;fileaud=None;agents=[];titleline=None;nodemarks=set()
    chan=None
    def finish():
        if node is None: return
        if len(agents)>=3 and not any(COUR.search(t) for t in agents):
            if 'cour' not in nodemarks: print(f.name,titleline,'MISSING cour?')
        elif 'cour' in nodemarks: print(f.name,titleline,'EXTRA cour?')
    for i,raw in enumerate(lines,1):
        m=MARK.search(raw); marks=[x.strip() for x in m.group(1).split(',')] if m else []
        t=raw[:m.start()] if m else raw
        s=t.strip()
        if re.match(r'^(title|标题|標題)\s*[:：]',s,re.I):
            finish(); node=i;titleline=i;inbody=False;aud=fileaud;agents=[];nodemarks=set()
        if node is not None and not inbody:
            nodemarks|=set(x.lstrip('?') for x in marks)
            mm=re.match(r'^(audience|对象|對象)\s*[:：]\s*(.*)',s,re.I)
            if mm: aud=mm.group(2).strip()
            if s=='---': inbody=True
            continue
        if node is None:
            mm=re.match(r'^(audience|对象|對象)\s*[:：]\s*(.*)',s,re.I)
            if mm: fileaud=mm.group(2).strip()
            continue
        if s=='===': finish(); node=None; inbody=False; continue
        nodemarks|=set(x.lstrip('?') for x in marks)
        if not s or s.startswith('//') or s.startswith('<<') or s.startswith('《《') or s.startswith('＜＜'): continue
        if s.startswith('->'): continue
        mm=re.match(r'^(\S{1,12}?)\s*[:：]\s*(.*)$',s)
        text=s
        if mm and (mm.group(1) in RESP): continue
        if mm and mm.group(1) in AG: text=mm.group(2)
        elif mm and mm.group(1) not in AG and not re.search('[{｛]',mm.group(1)) and len(mm.group(1))<=4: text=mm.group(2)
        agents.append(text)
        q=re.sub(r'「[^」]*」','',text)
        n=len(re.findall(r'[你妳](?![们們哋])',q))
        pub = aud in ('public','公开','公開')
        has='ph' in [x.lstrip('?') for x in marks]
        if n and not pub and not has: print(f.name,i,'MISSING ph',text[:30])
        if (not n or pub) and has: print(f.name,i,'EXTRA ph',text[:30])
    finish()
