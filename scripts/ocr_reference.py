#!/usr/bin/env python3
"""Reference reading of OCR test lines with onnxruntime (pip install onnxruntime numpy pillow),
the same model and preprocessing as src/extract/ocr/recognise.rs (height 48, bilinear, width
bucket 320, zero padding, greedy CTC, the same space rule), to cross-check the Rust reader
and measure the model on a line set made by scripts/make_ocr_lines.py:

    python3 scripts/ocr_reference.py DIR > /tmp/ref.txt   # misread lines, then "N / M exact"
    python3 scripts/ocr_reference.py --score DIR /tmp/ref.txt   # per source, spaces next to CJK ignored
"""
import sys
import pathlib
ROOT=str(pathlib.Path(__file__).resolve().parent.parent)
import math, numpy as np, onnxruntime as ort
from PIL import Image
keys=['\0']+open(ROOT+'/models/ppocr_keys_v1.txt',encoding='utf-8').read().split('\n')[:-1]+[' ']
so=ort.SessionOptions(); so.intra_op_num_threads=1
s=ort.InferenceSession(ROOT+'/models/ch_PP-OCRv4_rec_infer.onnx',so)
def cjk(c): o=ord(c); return 0x2E80<=o<=0x303F or 0x3400<=o<=0x4DBF or 0x4E00<=o<=0x9FFF or 0xF900<=o<=0xFAFF or 0xFE30<=o<=0xFE4F or 0xFF00<=o<=0xFFEF or o>=0x20000
def read(img):
    w,h=img.size; W=max(1,math.ceil(w*48/h)); img=img.resize((W,48),Image.BILINEAR)
    B=math.ceil(W/320)*320
    a=np.zeros((1,3,48,B),np.float32); v=np.asarray(img,np.float32)/127.5-1; a[0,:,:,:W]=v
    p=s.run(None,{s.get_inputs()[0].name:a})[0][0]
    idx=p.argmax(1); out=[];prev=0
    for t,i in enumerate(idx):
        if i!=0 and i!=prev: out.append(keys[i])
        prev=i
    r=[]
    for k,c in enumerate(out):
        if c==' ':
            b=r[-1] if r else None; a2=next((x for x in out[k+1:] if x!=' '),None)
            if b is None or a2 is None or b==' ' or (cjk(b) and cjk(a2)): continue
        r.append(c)
    return ''.join(r)
def main_ref(d):
  n=ex=0
  for line in open(d+'/expected.tsv',encoding='utf-8'):
      name,text=line.rstrip('\n').split('\t')
      got=read(Image.open(d+'/'+name).convert('L')); n+=1; ex+=got==text
      if got!=text: print(name, repr(text), repr(got))
  print(ex,'/',n,'exact')

import re
def cjk(c): o=ord(c); return 0x2E80<=o<=0x303F or 0x3400<=o<=0x4DBF or 0x4E00<=o<=0x9FFF or 0xF900<=o<=0xFAFF or 0xFE30<=o<=0xFE4F or 0xFF00<=o<=0xFFEF or o>=0x20000
def sq(t): return ''.join(c for i,c in enumerate(t) if not (c==' ' and ((i>0 and cjk(t[i-1])) or (i+1<len(t) and cjk(t[i+1])))))
def ed(a,b):
    row=list(range(len(b)+1))
    for i in range(1,len(a)+1):
        prev=row[0]; row[0]=i
        for j in range(1,len(b)+1):
            here=row[j]; row[j]=min(row[j]+1,row[j-1]+1,prev+(a[i-1]!=b[j-1])); prev=here
    return row[len(b)]
def main_score(d, refout):
 exp={l.split('\t')[0]:l.rstrip('\n').split('\t')[1] for l in open(d+'/expected.tsv',encoding='utf-8')}
 got=dict(exp)
 for l in open(refout,encoding='utf-8'):
     m=re.match(r"(\S+\.png) ('.*') ('.*')$",l.rstrip('\n'))
     if m: got[m.group(1)]=ast.literal_eval(m.group(3))
 g={}
 for k,t in exp.items():
     grp=k.split('-')[0]; t=sq(t); r=got[k]
     e=g.setdefault(grp,[0,0,0,0]); e[0]+=1; e[1]+=r==t; e[2]+=len(t)-ed(t,r); e[3]+=len(t)
 for grp,e in g.items(): print(grp, f"{e[1]}/{e[0]} lines exact, {e[2]}/{e[3]} chars right ({100*e[2]/e[3]:.2f} %)")

import ast

if __name__ == "__main__":
    if sys.argv[1] == "--score":
        main_score(sys.argv[2], sys.argv[3])
    else:
        main_ref(sys.argv[1])
