import json,re,pathlib
e=json.load(open('cases/expected.json'))
AG={'坐席','催收员','催收員','催收','专员','專員','客服','外访员','外訪員','agent','collector','rep'}
tot=clean=0
LINE_RULES=None
for f in sorted(pathlib.Path('cases').glob('*.parley')):
    labs={}
    for x in e[f.name]:
        labs.setdefault(x['line'],[]).append(x)
    inbody=False
    for i,l in enumerate(f.read_text().split('\n'),1):
        s=l.strip()
        if s=='---': inbody=True; continue
        if s=='===': inbody=False; continue
        if not inbody or not s or s.startswith(('//','->','<<','《《','＜＜')): continue
        m=re.match(r'^(\S{1,12}?)\s*[:：]',s)
        if m and m.group(1) not in AG and m.group(1) in {'客户','客戶','对方','對方','联系人','聯絡人','家属','家屬'}: continue
        tot+=1
        if not [x for x in labs.get(i,[]) if not x.get('optional')]: clean+=1
print(tot,clean,clean/tot)
